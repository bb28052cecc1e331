package net.cpmpf.defer.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.ZAddArgs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.cpmpf.defer.system.DeferProperties;
import net.cpmpf.events.CpmAddress;
import net.cpmpf.events.EventCodec;
import net.cpmpf.events.MessageDeferred;
import net.cpmpf.platform.redis.RedisConnector;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The durable store of deferred messages (layout: {@link DeferKeys}). Every method fails with {@link
 * net.cpmpf.platform.redis.RedisUnavailableException} when Redis cannot be reached in time.
 */
@Component
public class DeferredStore {

    private static final int LIST_CONCURRENCY = 32;

    private final RedisConnector redis;
    private final DeferKeys keys;
    private final EventCodec codec;
    private final Clock clock;
    private final Duration inflightTimeout;
    private final Duration tombstoneRetention;

    public DeferredStore(RedisConnector redis, DeferProperties properties, EventCodec codec, Clock clock) {
        this.redis = redis;
        this.keys = new DeferKeys(properties);
        this.codec = codec;
        this.clock = clock;
        this.inflightTimeout = properties.inflightTimeout();
        this.tombstoneRetention = properties.tombstoneRetention();
    }

    /** What {@link #store} found. */
    public enum Stored {
        /** Stored now; the user must be told. */
        NEW,
        /** Stored before, but the notice may not have gone out. */
        NOT_NOTIFIED,
        /** Stored and notified before: a redelivered event. */
        NOTIFIED,
        /** Delivered to every device or expired before: a replayed event. */
        REMOVED;

        public boolean needsNotice() {
            return this == NEW || this == NOT_NOTIFIED;
        }
    }

    /** Keeps a message unless it is kept already, or was and is gone; idempotent by Message-URI-ID. */
    public Mono<Stored> store(MessageDeferred deferred) {
        String id = deferred.messageUriId();
        String user = CpmAddress.normalize(deferred.recipient());
        String[] k = {keys.message(id), keys.pending(user), keys.expiry(), keys.done(id)};
        return redis.execute(c -> c.<Long>eval(
                                DeferScripts.STORE,
                                ScriptOutputType.INTEGER,
                                k,
                                id,
                                new String(codec.encode(deferred), UTF_8),
                                user,
                                millis(deferred.message().receivedAt()),
                                millis(deferred.expiresAt()))
                        .next())
                .map(code -> Stored.values()[code.intValue()]);
    }

    public Mono<Void> markNotified(String id) {
        return redis.execute(c -> c.<Long>eval(
                                DeferScripts.MARK_NOTIFIED, ScriptOutputType.INTEGER, new String[] {keys.message(id)})
                        .next())
                .then();
    }

    /** The user's pending message ids, oldest first. */
    public Mono<List<String>> pending(String user, int limit) {
        return redis.execute(c -> c.zrange(keys.pending(user), 0, limit - 1L).collectList());
    }

    /**
     * Marks the message in flight to the device, for the in-flight timeout, unless it has expired, the device has it
     * or it is on its way there already (by another attempt).
     *
     * @param attempt what tries to deliver: the registration change being handled; the same attempt may claim again
     * @return the message to send, or empty when it must not be sent to this device now
     */
    public Mono<MessageDeferred> claim(String id, String instance, String attempt) {
        String[] k = {keys.message(id), keys.delivered(id), keys.inflight(id, instance)};
        return redis.execute(c -> c.<String>eval(
                                DeferScripts.CLAIM,
                                ScriptOutputType.VALUE,
                                k,
                                instance,
                                millis(clock.instant()),
                                Long.toString(inflightTimeout.toMillis()),
                                attempt)
                        .next())
                .map(this::decode);
    }

    /** Ends an in-flight mark without recording a delivery: the device may get the message at a later attempt. */
    public Mono<Void> release(String id, String instance) {
        return redis.execute(c -> c.del(keys.inflight(id, instance))).then();
    }

    /** What {@link #delivered} did. */
    public enum Delivered {
        /** The message is not stored (expired or removed meanwhile). */
        GONE,
        RECORDED,
        /** Every known device of the user has it now: removed. */
        COMPLETE
    }

    /** Records that the device has the message; removes it once every known device of the user has it. */
    public Mono<Delivered> delivered(String id, String instance, String user) {
        String[] k = {
            keys.message(id),
            keys.delivered(id),
            keys.pending(user),
            keys.expiry(),
            keys.done(id),
            keys.inflight(id, instance),
            keys.devices(user)
        };
        return redis.execute(c -> c.<Long>eval(
                                DeferScripts.DELIVERED,
                                ScriptOutputType.INTEGER,
                                k,
                                id,
                                instance,
                                millis(clock.instant()),
                                Long.toString(tombstoneRetention.toMillis()))
                        .next())
                .map(code -> Delivered.values()[code.intValue()]);
    }

    /** Ids whose expiry has passed, soonest first; some may be held by another replica's sweep. */
    public Mono<List<String>> expired(int limit) {
        return redis.execute(c -> c.zrangebyscore(
                        keys.expiry(),
                        Range.create(Double.NEGATIVE_INFINITY, (double) clock.millis()),
                        Limit.create(0, limit))
                .collectList());
    }

    /**
     * Takes an expired message for reporting, holding it for {@code lease}; a replica that does not remove it within
     * the lease leaves it to the next sweep.
     *
     * @return the message, or empty when it is not due or another replica holds it
     */
    public Mono<MessageDeferred> claimExpired(String id, Duration lease) {
        Instant now = clock.instant();
        String[] k = {keys.message(id), keys.expiry()};
        return redis.execute(c -> c.<String>eval(
                                DeferScripts.CLAIM_EXPIRED,
                                ScriptOutputType.VALUE,
                                k,
                                id,
                                millis(now),
                                millis(now.plus(lease)))
                        .next())
                .map(this::decode);
    }

    /** Gives an expired message back to the next sweep, after its report could not be published. */
    public Mono<Void> unclaimExpired(MessageDeferred deferred) {
        return redis.execute(c -> c.zadd(
                        keys.expiry(),
                        ZAddArgs.Builder.xx(),
                        (double) deferred.expiresAt().toEpochMilli(),
                        deferred.messageUriId()))
                .then();
    }

    /** Removes a message whose expiry was reported. */
    public Mono<Void> removeExpired(MessageDeferred deferred) {
        String id = deferred.messageUriId();
        String user = CpmAddress.normalize(deferred.recipient());
        String[] k = {keys.message(id), keys.delivered(id), keys.pending(user), keys.expiry(), keys.done(id)};
        return redis.execute(c -> c.<Long>eval(
                                DeferScripts.REMOVE_EXPIRED,
                                ScriptOutputType.INTEGER,
                                k,
                                id,
                                millis(clock.instant()),
                                Long.toString(tombstoneRetention.toMillis()))
                        .next())
                .then();
    }

    /** A pending message with the devices that have it. */
    public record Entry(MessageDeferred deferred, List<String> deliveredTo) {}

    /** The user's pending messages, oldest first. */
    public Mono<List<Entry>> list(String user, int limit) {
        return redis.execute(c -> c.zrange(keys.pending(user), 0, limit - 1L)
                // Pipelined over the one connection, in the sorted set's order; a message removed meanwhile drops out.
                .flatMapSequential(
                        id -> c.hget(keys.message(id), "event")
                                .zipWith(c.smembers(keys.delivered(id)).sort().collectList())
                                .map(t -> new Entry(decode(t.getT1()), t.getT2())),
                        LIST_CONCURRENCY)
                .collectList());
    }

    /** The stored message, or empty when it is not (or no longer) stored. */
    public Mono<MessageDeferred> find(String id) {
        return redis.execute(c -> c.hget(keys.message(id), "event")).map(this::decode);
    }

    /** Messages held in all, pending or being reported. */
    public Mono<Long> size() {
        return redis.execute(c -> c.zcard(keys.expiry()));
    }

    private MessageDeferred decode(String json) {
        return (MessageDeferred) codec.decode(json.getBytes(UTF_8));
    }

    private static String millis(Instant instant) {
        return Long.toString(instant.toEpochMilli());
    }
}
