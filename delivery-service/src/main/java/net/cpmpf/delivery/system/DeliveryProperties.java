package net.cpmpf.delivery.system;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import net.cpmpf.platform.redis.RedisSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything the delivery service can be told ({@code cpm.delivery.*}).
 *
 * @param redis where the registration/GRUU cache lives and how long a call to it may take
 * @param registrations limits on what the cache keeps per user
 */
@ConfigurationProperties("cpm.delivery")
public record DeliveryProperties(
        @DefaultValue Redis redis, @DefaultValue Registrations registrations) {

    /**
     * The Redis server, reached with plain Lettuce. {@code delivery-service.yml} builds {@link #uri()} from Spring
     * Boot's {@code spring.data.redis.host}/{@code port} when those are given, as the local stack does.
     *
     * @param uri Lettuce URI ({@code redis://}, {@code rediss://}, {@code redis-sentinel://}, with password and
     *     database if needed)
     * @param connectTimeout longest wait for a TCP connection to Redis
     * @param commandTimeout longest wait for one Redis call, connecting included; a caller on the SIP path gets an
     *     error after this, never a hang
     * @param keyPrefix put before every key, so that several systems can share one Redis
     */
    public record Redis(
            @DefaultValue("redis://127.0.0.1:6379") URI uri,
            @DefaultValue("500ms") Duration connectTimeout,
            @DefaultValue("500ms") Duration commandTimeout,
            @DefaultValue("cpm:") String keyPrefix) {

        public RedisSettings settings() {
            return new RedisSettings(uri, connectTimeout, commandTimeout, keyPrefix);
        }
    }

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
