package net.cpmpf.policy.servicepolicy;

import java.util.Optional;
import net.cpmpf.events.FinalResponseCommand;
import net.cpmpf.events.InboundMessage;
import net.cpmpf.events.SipHeader;
import net.cpmpf.policy.system.PolicyProperties;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * CR 8.3.2.1 step 2: the service provider's size and content policy. A body too large, or of a type not allowed,
 * gets 415 with the allowed types in Accept (CR: "the list of supported formats"); for the size a Warning says why.
 */
@Component
public class ContentCheck {

    private final ServicePolicyStore store;
    private final String warningAgent;

    ContentCheck(ServicePolicyStore store, PolicyProperties properties) {
        this.store = store;
        this.warningAgent = properties.access().warningAgent();
    }

    public Mono<Optional<FinalResponseCommand>> check(InboundMessage message) {
        return store.current().map(policy -> refusal(policy, message, warningAgent));
    }

    static Optional<FinalResponseCommand> refusal(ServicePolicy policy, InboundMessage message, String agent) {
        var accept = new SipHeader("Accept", String.join(", ", policy.allowedContentTypes()));
        if (!policy.allows(message.contentType())) {
            return Optional.of(FinalResponseCommand.of(message.correlationId(), 415, "Unsupported Media Type", accept));
        }
        if (message.body().length > policy.pagerSizeLimit()) {
            var why = new SipHeader(
                    "Warning", "399 " + agent + " \"Message larger than " + policy.pagerSizeLimit() + " bytes\"");
            return Optional.of(
                    FinalResponseCommand.of(message.correlationId(), 415, "Unsupported Media Type", accept, why));
        }
        return Optional.empty();
    }
}
