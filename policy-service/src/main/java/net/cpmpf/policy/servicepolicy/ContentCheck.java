package net.cpmpf.policy.servicepolicy;

import java.util.Optional;
import net.cpmpf.events.FinalResponseCommand;
import net.cpmpf.events.InboundMessage;
import net.cpmpf.events.SipHeader;
import net.cpmpf.policy.system.PolicyProperties;
import org.springframework.stereotype.Component;

/**
 * CR 8.3.2.1 step 2: the service provider's size and content policy. A body too large, or of a type not allowed,
 * gets 415 with the allowed types in Accept (CR: "the list of supported formats"); for the size a Warning says why.
 */
@Component
public class ContentCheck {

    private final String warningAgent;

    ContentCheck(PolicyProperties properties) {
        this.warningAgent = properties.access().warningAgent();
    }

    /** The 415 for a message the service provider's policy does not allow, or empty when it may go on. */
    public Optional<FinalResponseCommand> refusal(ServicePolicy policy, InboundMessage message) {
        return refusal(policy, message, warningAgent);
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
