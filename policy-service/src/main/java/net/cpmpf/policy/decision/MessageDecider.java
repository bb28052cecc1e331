package net.cpmpf.policy.decision;

import java.util.Optional;
import net.cpmpf.events.EdgeCommand;
import net.cpmpf.events.FinalResponseCommand;
import net.cpmpf.events.InboundMessage;
import net.cpmpf.policy.access.AccessCheck;
import net.cpmpf.policy.servicepolicy.ContentCheck;
import net.cpmpf.policy.system.PolicyProperties;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The decision for one inbound message, in the CR's order (8.3.2.1): the access policy (403), the service
 * provider's size and content policy (415), the message's validity (Expires). Every message that passes is answered
 * with the configured "undeliverable" status until preferences and delivery follow.
 */
@Component
public class MessageDecider {

    private final AccessCheck access;
    private final ContentCheck content;
    private final PolicyProperties properties;

    MessageDecider(AccessCheck access, ContentCheck content, PolicyProperties properties) {
        this.access = access;
        this.content = content;
        this.properties = properties;
    }

    public Mono<EdgeCommand> decide(InboundMessage message) {
        return access.check(message)
                .flatMap(rejected -> rejected.isPresent() ? Mono.just(rejected) : content.check(message))
                .map(refused -> refused.or(() -> expired(message)).orElseGet(() -> undeliverable(message)));
    }

    private Optional<FinalResponseCommand> expired(InboundMessage message) {
        var expired = properties.expired();
        return Expiry.expired(message)
                ? Optional.of(FinalResponseCommand.of(message.correlationId(), expired.status(), expired.reason()))
                : Optional.empty();
    }

    private FinalResponseCommand undeliverable(InboundMessage message) {
        var undeliverable = properties.undeliverable();
        return FinalResponseCommand.of(message.correlationId(), undeliverable.status(), undeliverable.reason());
    }
}
