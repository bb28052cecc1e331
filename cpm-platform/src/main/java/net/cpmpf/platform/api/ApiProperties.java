package net.cpmpf.platform.api;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may use a service's HTTP API ({@code /api/**}: provisioning, registrations, deferred messages).
 *
 * @param tokens bearer tokens that are let in; empty: the API is open (the local stack). Production sets them from
 *     a secret (the chart does); several at once allow rotating one without downtime
 */
@ConfigurationProperties("cpm.api")
public record ApiProperties(@DefaultValue List<String> tokens) {

    public ApiProperties {
        tokens = List.copyOf(tokens);
        if (tokens.stream().anyMatch(token -> token.isBlank() || token.length() < 16)) {
            throw new IllegalArgumentException("cpm.api.tokens must each have at least 16 characters");
        }
    }
}
