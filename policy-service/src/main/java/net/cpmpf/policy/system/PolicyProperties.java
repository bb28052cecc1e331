package net.cpmpf.policy.system;

import net.cpmpf.platform.redis.RedisSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything the policy service can be told ({@code cpm.policy.*}).
 *
 * @param redis where the users' policy documents are kept; {@code policy-service.yml} builds its URI from Spring
 *     Boot's {@code spring.data.redis.host}/{@code port} when those are given, as the local stack does
 * @param access how the access policy is applied
 * @param expired the final response for a message whose Expires shows it is no longer valid
 * @param largeMessage the answers of the Large Message Mode checks (CR 8.3.2.1.1)
 */
@ConfigurationProperties("cpm.policy")
public record PolicyProperties(
        @DefaultValue RedisSettings redis,
        @DefaultValue Access access,
        @DefaultValue Expired expired,
        @DefaultValue LargeMessage largeMessage) {

    /**
     * Large Message Mode (CR 8.3.2.1.1). The CR prescribes no texts for its 403s: these are ours, configurable.
     *
     * @param errorInfo the {@code Error-Info} value of the 403 for a User-Agent version the PF does not support (RFC
     *     3261 §20.18: a URI in angle brackets, where a person or client can read why)
     * @param userAgentWarning the warn-text added to that 403, for people reading traces
     * @param anonymityWarning the warn-text of the 403 for anonymity that is not allowed
     * @param notDeliverable the answer when the preference is {@code store} or {@code interwork}: not done for large
     *     messages ({@code deliver} and {@code defer} are)
     */
    public record LargeMessage(
            @DefaultValue("<urn:oma:cpm:pf:error:user-agent-version>")
            String errorInfo,

            @DefaultValue("User-Agent version not supported")
            String userAgentWarning,

            @DefaultValue("Anonymity not allowed") String anonymityWarning,
            @DefaultValue Answer notDeliverable) {}

    /**
     * A final response given by configuration.
     *
     * @param status SIP status code
     * @param reason reason phrase
     */
    public record Answer(
            @DefaultValue("480") int status,
            @DefaultValue("Temporarily Unavailable") String reason) {}

    /**
     * @param warningAgent the warn-agent of the {@code Warning: 399 <agent> "122 Function not allowed"} header of a
     *     403 (RFC 3261 §20.43: the PF's host name)
     * @param fromFallback whether the From URI stands in for the originator when no P-Asserted-Identity came; only
     *     where the network asserts nothing (lab set-ups), since anyone can write any From
     * @param maxDocumentBytes largest access policy document accepted on PUT
     */
    public record Access(
            @DefaultValue("cpm-pf") String warningAgent,
            @DefaultValue("false") boolean fromFallback,
            @DefaultValue("262144") int maxDocumentBytes) {}

    /**
     * Local policy for an expired message (CR 8.3.2.1 step 3): it is discarded, and the originator is told so with
     * this final response rather than left without an answer.
     *
     * @param status SIP status code
     * @param reason reason phrase
     */
    public record Expired(
            @DefaultValue("408") int status,
            @DefaultValue("Message Expired") String reason) {}
}
