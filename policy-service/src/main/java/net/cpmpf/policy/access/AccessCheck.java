package net.cpmpf.policy.access;

import java.time.Clock;
import java.util.Optional;
import net.cpmpf.events.FinalResponseCommand;
import net.cpmpf.events.InboundMessage;
import net.cpmpf.events.SipHeader;
import net.cpmpf.policy.system.PolicyProperties;
import net.cpmpf.xml.MalformedDocumentException;
import net.cpmpf.xml.commonpolicy.AccessPolicy;
import net.cpmpf.xml.commonpolicy.CommonPolicyParser;
import net.cpmpf.xml.commonpolicy.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * CR 8.3.2.1 step 1 (and 8.3.2.1.1 step 1): is the sender of a Pager Mode or Large Message Mode message rejected by
 * the recipient's access policy for that medium? If so the answer is 403 with {@code Warning: 399 <agent> "122
 * Function not allowed"}. No document, or no matching rule: the message goes on.
 */
@Component
public class AccessCheck {

    static final String CPM_FEATURE_TAG = "+g.oma.sip-cpm";
    static final String PAGER_MODE = "pager-mode-message";
    static final String LARGE_MESSAGE = "large-message";

    private static final Logger log = LoggerFactory.getLogger(AccessCheck.class);

    private final CommonPolicyParser parser = new CommonPolicyParser();
    private final PolicyProperties.Access config;
    private final Clock clock = Clock.systemUTC();

    AccessCheck(PolicyProperties properties) {
        this.config = properties.access();
    }

    /**
     * @param document the recipient's access policy, if provisioned
     * @return the 403 for a rejected sender, or empty when the message may go on
     */
    public Optional<FinalResponseCommand> check(InboundMessage message, Optional<byte[]> document) {
        return document.flatMap(xml -> rejection(message, xml));
    }

    private Optional<FinalResponseCommand> rejection(InboundMessage message, byte[] document) {
        var originator = Originator.of(message, config.fromFallback());
        try {
            var decision = AccessPolicy.evaluate(
                    parser.parse(document),
                    new Request(
                            originator.address(),
                            CPM_FEATURE_TAG,
                            message.largeMessage() ? LARGE_MESSAGE : PAGER_MODE,
                            originator.anonymous(),
                            clock.instant()));
            if (!decision.rejected()) {
                return Optional.empty();
            }
            log.debug("{} rejected for {} by rules {}", originator, message.recipient(), decision.matchingRuleIds());
            return Optional.of(FinalResponseCommand.of(
                    message.correlationId(),
                    403,
                    "Forbidden",
                    new SipHeader("Warning", "399 " + config.warningAgent() + " \"122 Function not allowed\"")));
        } catch (MalformedDocumentException e) {
            // Documents are validated when stored, so this is a document from an older parser: do not block on it.
            log.warn("Stored access policy of {} no longer parses: {}", message.recipient(), e.getMessage());
            return Optional.empty();
        }
    }
}
