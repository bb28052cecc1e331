package net.cpmpf.policy.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything the policy service can be told ({@code cpm.policy.*}).
 *
 * @param undeliverable the final response for a message that passes every check but has nowhere to go yet
 */
@ConfigurationProperties("cpm.policy")
public record PolicyProperties(@DefaultValue Undeliverable undeliverable) {

    /**
     * Until delivery and deferral exist, a message that passes the policy checks is answered with this status.
     *
     * @param status SIP status code
     * @param reason reason phrase
     */
    public record Undeliverable(
            @DefaultValue("480") int status,
            @DefaultValue("Temporarily Unavailable") String reason) {}
}
