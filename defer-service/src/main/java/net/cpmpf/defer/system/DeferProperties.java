package net.cpmpf.defer.system;

import java.time.Duration;
import net.cpmpf.platform.redis.RedisSettings;
import net.cpmpf.platform.selection.SelectionSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything the defer service can be told ({@code cpm.defer.*}).
 *
 * @param redis where deferred messages are kept; {@code defer-service.yml} builds its URI from Spring Boot's {@code
 *     spring.data.redis.host}/{@code port} when those are given, as the local stack does. Keys live under {@code
 *     <key-prefix>defer:}
 * @param selection which registered devices get deferred messages
 * @param inflightTimeout how long a device is left alone after a message was sent to it and before its outcome
 *     arrives; longer than the edge's client transaction (Timer F, 32 s), so that the outcome normally clears it
 * @param sweepInterval pause between two expiry sweeps
 * @param sweepBatch most expired messages one sweep reports
 * @param expiryLease how long a replica that took an expired message to report holds it; a replica that crashed while
 *     reporting leaves it to another one after this
 * @param backlogLimit most pending messages of one user considered by one redelivery or listed by the API
 * @param deviceRetention how long a device that is no longer registered still counts as one of the user's devices
 *     (a message is removed only when all of them have it); also how long the latest registration is kept
 * @param tombstoneRetention how long, after its expiry, a removed message's id is remembered, so that a replayed
 *     deferral does not store and deliver it again; at least the deferrals topic's retention
 */
@ConfigurationProperties("cpm.defer")
public record DeferProperties(
        @DefaultValue RedisSettings redis,
        @DefaultValue SelectionSettings selection,
        @DefaultValue("60s") Duration inflightTimeout,
        @DefaultValue("10s") Duration sweepInterval,
        @DefaultValue("100") int sweepBatch,
        @DefaultValue("60s") Duration expiryLease,
        @DefaultValue("1000") int backlogLimit,
        @DefaultValue("30d") Duration deviceRetention,
        @DefaultValue("7d") Duration tombstoneRetention) {

    public DeferProperties {
        requirePositive(inflightTimeout, "inflight-timeout");
        requirePositive(sweepInterval, "sweep-interval");
        requirePositive(expiryLease, "expiry-lease");
        requirePositive(deviceRetention, "device-retention");
        requirePositive(tombstoneRetention, "tombstone-retention");
        if (sweepBatch < 1) {
            throw new IllegalArgumentException("sweep-batch must be >= 1: " + sweepBatch);
        }
        if (backlogLimit < 1) {
            throw new IllegalArgumentException("backlog-limit must be >= 1: " + backlogLimit);
        }
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration == null || duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive: " + duration);
        }
    }
}
