package net.cpmpf.policy.largemessage;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import net.cpmpf.events.FinalResponseCommand;
import net.cpmpf.events.InboundMessage;
import net.cpmpf.events.SipHeader;
import net.cpmpf.policy.servicepolicy.ServicePolicy;
import net.cpmpf.policy.system.PolicyProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * CR 8.3.2.1.1 steps 2 and 3, after the access policy (step 1): a User-Agent version the PF requires but the client
 * does not have → 403 with {@code Error-Info}; anonymity requested where the service policy does not allow it → 403
 * with a {@code Warning}. The first refusal wins, in that order.
 */
@Component
public class LargeMessageChecks {

    private final PolicyProperties.LargeMessage config;
    private final String warningAgent;

    @Autowired
    LargeMessageChecks(PolicyProperties properties) {
        this(properties.largeMessage(), properties.access().warningAgent());
    }

    LargeMessageChecks(PolicyProperties.LargeMessage config, String warningAgent) {
        this.config = config;
        this.warningAgent = warningAgent;
    }

    /** The 403 for a large-message INVITE the service policy refuses, or empty when it may go on. */
    public Optional<FinalResponseCommand> refusal(ServicePolicy policy, InboundMessage message) {
        if (!UserAgentVersion.supported(policy.requiredUserAgentVersions(), message.header("User-Agent"))) {
            return Optional.of(forbidden(
                    message, new SipHeader("Error-Info", config.errorInfo()), warning(config.userAgentWarning())));
        }
        if (!policy.anonymityAllowed() && Anonymity.requested(message)) {
            return Optional.of(forbidden(message, warning(config.anonymityWarning())));
        }
        return Optional.empty();
    }

    private SipHeader warning(String text) {
        return new SipHeader("Warning", "399 " + warningAgent + " \"" + text.replace("\"", "'") + "\"");
    }

    private static FinalResponseCommand forbidden(InboundMessage message, SipHeader... headers) {
        return new FinalResponseCommand(message.correlationId(), 403, "Forbidden", List.of(headers), null, null);
    }

    /**
     * Anonymity requested (RFC 3323): a {@code Privacy} of {@code id}, {@code header} or {@code user}, or a From
     * that hides the sender ({@code anonymous@anonymous.invalid}, or the display name {@code Anonymous}).
     */
    static final class Anonymity {

        private Anonymity() {}

        static boolean requested(InboundMessage message) {
            for (String privacy : message.headers("Privacy")) {
                for (String value : privacy.split("[;,]")) {
                    String token = value.strip().toLowerCase(Locale.ROOT);
                    if (token.equals("id") || token.equals("header") || token.equals("user")) {
                        return true;
                    }
                }
            }
            String from = message.from() == null ? "" : message.from().strip().toLowerCase(Locale.ROOT);
            return from.contains("@anonymous.invalid")
                    || from.startsWith("\"anonymous\"")
                    || from.startsWith("anonymous <");
        }
    }
}
