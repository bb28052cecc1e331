package net.cpmpf.platform.redis;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a service reaches its Redis; a nested record of each service's own properties ({@code cpm.<service>.redis}).
 *
 * @param uri Lettuce URI ({@code redis://}, {@code rediss://}, {@code redis-sentinel://}, with password and database
 *     if needed)
 * @param connectTimeout longest wait for a TCP connection to Redis
 * @param commandTimeout longest wait for one Redis call, connecting included; a caller gets an error after this,
 *     never a hang
 * @param keyPrefix put before every key, so that several systems can share one Redis
 */
public record RedisSettings(
        @DefaultValue("redis://127.0.0.1:6379") URI uri,
        @DefaultValue("500ms") Duration connectTimeout,
        @DefaultValue("500ms") Duration commandTimeout,
        @DefaultValue("cpm:") String keyPrefix) {

    public RedisSettings {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        requirePositive(connectTimeout, "connect-timeout");
        requirePositive(commandTimeout, "command-timeout");
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration == null || duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive: " + duration);
        }
    }
}
