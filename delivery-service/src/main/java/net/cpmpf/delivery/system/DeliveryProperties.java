package net.cpmpf.delivery.system;

import java.time.Duration;
import java.util.Objects;
import net.cpmpf.platform.redis.RedisSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything the delivery service can be told ({@code cpm.delivery.*}).
 *
 * @param redis where the registration/GRUU cache lives and how long a call to it may take; {@code
 *     delivery-service.yml} builds its URI from Spring Boot's {@code spring.data.redis.host}/{@code port} when those
 *     are given, as the local stack does
 * @param registrations limits on what the cache keeps per user
 */
@ConfigurationProperties("cpm.delivery")
public record DeliveryProperties(
        @DefaultValue RedisSettings redis, @DefaultValue Registrations registrations) {

    /**
     * @param maxContacts most contacts kept per user; beyond it the ones expiring last (the freshest) are kept, as a
     *     registrar with a contact limit would
     * @param expiryGrace how long a user's entry outlives its last contact's expiry. During this time the entry still
     *     holds its source and version, so a late, older event cannot bring the registration back
     */
    public record Registrations(
            @DefaultValue("16") int maxContacts,
            @DefaultValue("30s") Duration expiryGrace) {

        public Registrations {
            if (maxContacts < 1) {
                throw new IllegalArgumentException("max-contacts must be >= 1: " + maxContacts);
            }
            Objects.requireNonNull(expiryGrace, "expiry-grace");
            if (expiryGrace.isNegative()) {
                throw new IllegalArgumentException("expiry-grace must not be negative: " + expiryGrace);
            }
        }
    }
}
