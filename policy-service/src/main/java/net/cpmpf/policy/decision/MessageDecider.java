package net.cpmpf.policy.decision;

import java.util.Locale;
import java.util.Optional;
import net.cpmpf.events.FinalResponseCommand;
import net.cpmpf.events.InboundMessage;
import net.cpmpf.events.MessageDeferred;
import net.cpmpf.events.RoutedMessage;
import net.cpmpf.policy.access.AccessCheck;
import net.cpmpf.policy.access.Originator;
import net.cpmpf.policy.preferences.Preferences;
import net.cpmpf.policy.preferences.PreferencesStore;
import net.cpmpf.policy.servicepolicy.ContentCheck;
import net.cpmpf.policy.servicepolicy.ServicePolicy;
import net.cpmpf.policy.servicepolicy.ServicePolicyStore;
import net.cpmpf.policy.system.PolicyProperties;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The decision for one inbound message, in the CR's order (8.3.2.1): the access policy (403), the service
 * provider's size and content policy (415), the message's validity (Expires), then the user's active preference:
 * {@code defer} is handled here (the message goes to deferral and the originator gets 202), everything else goes to
 * the delivery service, which answers the edge itself.
 */
@Component
public class MessageDecider {

    private final AccessCheck access;
    private final ContentCheck content;
    private final PreferencesStore preferences;
    private final ServicePolicyStore servicePolicy;
    private final PolicyProperties properties;

    MessageDecider(
            AccessCheck access,
            ContentCheck content,
            PreferencesStore preferences,
            ServicePolicyStore servicePolicy,
            PolicyProperties properties) {
        this.access = access;
        this.content = content;
        this.preferences = preferences;
        this.servicePolicy = servicePolicy;
        this.properties = properties;
    }

    public Mono<Decision> decide(InboundMessage message) {
        return access.check(message)
                .flatMap(rejected -> rejected.isPresent()
                        ? Mono.just(Decision.answer(rejected.get()))
                        // One read of the service policy serves both the content check and the deferral expiry.
                        : servicePolicy.current().flatMap(policy -> content.refusal(policy, message)
                                .or(() -> expired(message))
                                .map(refused -> Mono.just(Decision.answer(refused)))
                                .orElseGet(() -> byPreference(message, policy))));
    }

    private Optional<FinalResponseCommand> expired(InboundMessage message) {
        var expired = properties.expired();
        return Expiry.expired(message)
                ? Optional.of(FinalResponseCommand.of(message.correlationId(), expired.status(), expired.reason()))
                : Optional.empty();
    }

    private Mono<Decision> byPreference(InboundMessage message, ServicePolicy policy) {
        return preferences
                .find(message.recipient())
                .map(found -> byPreference(message, found.orElse(Preferences.DEFAULTS), policy));
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
