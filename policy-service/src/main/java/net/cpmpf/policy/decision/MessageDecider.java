package net.cpmpf.policy.decision;

import net.cpmpf.events.EdgeCommand;
import net.cpmpf.events.FinalResponseCommand;
import net.cpmpf.events.InboundMessage;
import net.cpmpf.policy.access.AccessCheck;
import net.cpmpf.policy.system.PolicyProperties;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The decision for one inbound message, in the CR's order (8.3.2.1). Step 1, the access policy, is in place: a
 * rejected sender gets 403. Every other message is answered with the configured "undeliverable" status until
 * service-provider policy, preferences and delivery follow.
 */
@Component
public class MessageDecider {

    private final AccessCheck access;
    private final PolicyProperties.Undeliverable undeliverable;

    MessageDecider(AccessCheck access, PolicyProperties properties) {
        this.access = access;
        this.undeliverable = properties.undeliverable();
    }

    public Mono<EdgeCommand> decide(InboundMessage message) {
        return access.check(message).map(rejection -> rejection
                .<EdgeCommand>map(r -> r)
                .orElseGet(() -> FinalResponseCommand.of(
                        message.correlationId(), undeliverable.status(), undeliverable.reason())));
    }
}
