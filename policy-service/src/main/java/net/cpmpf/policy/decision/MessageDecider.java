package net.cpmpf.policy.decision;

import java.util.Locale;
import java.util.Optional;
import net.cpmpf.events.DeferLargeMessageCommand;
import net.cpmpf.events.FinalResponseCommand;
import net.cpmpf.events.InboundMessage;
import net.cpmpf.events.MessageDeferred;
import net.cpmpf.events.RoutedMessage;
import net.cpmpf.policy.access.AccessCheck;
import net.cpmpf.policy.access.Originator;
import net.cpmpf.policy.largemessage.LargeMessageChecks;
import net.cpmpf.policy.preferences.Preferences;
import net.cpmpf.policy.servicepolicy.ContentCheck;
import net.cpmpf.policy.servicepolicy.ServicePolicy;
import net.cpmpf.policy.system.PolicyProperties;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The decision for one inbound message, in the CR's order (8.3.2.1): the access policy (403), the service
 * provider's size and content policy (415), the message's validity (Expires), then the user's active preference:
 * {@code defer} is handled here (the message goes to deferral and the originator gets 202), everything else goes to
 * the delivery service, which answers the edge itself. A Large Message Mode INVITE takes the checks of 8.3.2.1.1.
 */
@Component
public class MessageDecider {

    private final PolicyInputsReader inputs;
    private final AccessCheck access;
    private final ContentCheck content;
    private final LargeMessageChecks largeMessage;
    private final PolicyProperties properties;

    MessageDecider(
            PolicyInputsReader inputs,
            AccessCheck access,
            ContentCheck content,
            LargeMessageChecks largeMessage,
            PolicyProperties properties) {
        this.inputs = inputs;
        this.access = access;
        this.content = content;
        this.largeMessage = largeMessage;
        this.properties = properties;
    }

    public Mono<Decision> decide(InboundMessage message) {
        return inputs.read(message.recipient()).map(read -> decide(message, read));
    }

    private Decision decide(InboundMessage message, PolicyInputs read) {
        var rejected = access.check(message, read.accessPolicy());
        if (rejected.isPresent()) {
            return Decision.answer(rejected.get());
        }
        if (message.largeMessage()) {
            return largeMessage(message, read);
        }
        return content.refusal(read.servicePolicy(), message)
                .or(() -> expired(message))
                .map(Decision::answer)
                .orElseGet(() -> byPreference(message, read.preferences(), read.servicePolicy()));
    }

    /**
     * CR 8.3.2.1.1 after the access policy: the User-Agent version and anonymity checks, then the preference. Size,
     * content type and Expires are Pager Mode checks: the INVITE's body is an SDP offer, and the message comes later.
     * {@code deliver} goes to the delivery service; {@code defer} makes the edge the MSRP endpoint that receives the
     * message for deferral; {@code store} and {@code interwork} get the configured answer (480): not done for large
     * messages yet.
     */
    private Decision largeMessage(InboundMessage message, PolicyInputs read) {
        var refusal = largeMessage.refusal(read.servicePolicy(), message);
        if (refusal.isPresent()) {
            return Decision.answer(refusal.get());
        }
        var chosen = read.preferences();
        var sender = Originator.of(message, properties.access().fromFallback());
        var expiresAt = Expiry.validUntil(message)
                .orElseGet(() -> message.receivedAt().plus(read.servicePolicy().deferralExpiry()));
        if ("defer".equals(chosen.handling())) {
            return Decision.deferLargeMessage(new DeferLargeMessageCommand(
                    message.correlationId(),
                    sender.address(),
                    new MessageDeferred.Terms(expiresAt, MessageDeferred.Reason.PREFERENCE)));
        }
        if (!"deliver".equals(chosen.handling())) {
            var answer = properties.largeMessage().notDeliverable();
            return Decision.answer(FinalResponseCommand.of(message.correlationId(), answer.status(), answer.reason()));
        }
        return Decision.route(new RoutedMessage(
                message, sender.address(), RoutedMessage.Handling.DELIVER, chosen.history(), expiresAt));
    }

    private Optional<FinalResponseCommand> expired(InboundMessage message) {
        var expired = properties.expired();
        return Expiry.expired(message)
                ? Optional.of(FinalResponseCommand.of(message.correlationId(), expired.status(), expired.reason()))
                : Optional.empty();
    }

    private Decision byPreference(InboundMessage message, Preferences preferences, ServicePolicy policy) {
        var sender = Originator.of(message, properties.access().fromFallback());
        var expiresAt =
                Expiry.validUntil(message).orElseGet(() -> message.receivedAt().plus(policy.deferralExpiry()));
        if ("defer".equals(preferences.handling())) {
            return Decision.defer(
                    MessageDeferred.of(message, sender.address(), expiresAt, MessageDeferred.Reason.PREFERENCE));
        }
        var handling = RoutedMessage.Handling.valueOf(preferences.handling().toUpperCase(Locale.ROOT));
        return Decision.route(new RoutedMessage(message, sender.address(), handling, preferences.history(), expiresAt));
    }
}
