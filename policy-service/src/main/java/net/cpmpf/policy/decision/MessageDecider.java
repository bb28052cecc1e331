package net.cpmpf.policy.decision;

import net.cpmpf.events.EdgeCommand;
import net.cpmpf.events.FinalResponseCommand;
import net.cpmpf.events.InboundMessage;
import net.cpmpf.policy.system.PolicyProperties;
import org.springframework.stereotype.Component;

/**
 * The decision for one inbound message. For now every message is answered with the configured "undeliverable"
 * status: access policy, service-provider policy and preference routing come next.
 */
@Component
public class MessageDecider {

    private final PolicyProperties.Undeliverable undeliverable;

    MessageDecider(PolicyProperties properties) {
        this.undeliverable = properties.undeliverable();
    }

    public EdgeCommand decide(InboundMessage message) {
        return FinalResponseCommand.of(message.correlationId(), undeliverable.status(), undeliverable.reason());
    }
}
