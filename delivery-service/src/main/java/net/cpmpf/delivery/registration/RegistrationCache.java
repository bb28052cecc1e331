package net.cpmpf.delivery.registration;

import io.lettuce.core.ScriptOutputType;
import java.time.Instant;
import java.util.List;
import net.cpmpf.delivery.system.DeliveryProperties;
import net.cpmpf.events.CpmAddress;
import net.cpmpf.events.RegisteredContact;
import net.cpmpf.events.RegistrationChanged;
import net.cpmpf.platform.redis.RedisConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The registration/GRUU cache in Redis. One hash per user, {@code <prefix>registration:<user>}, with the fields
 * {@code source}, {@code version} and {@code contacts} (JSON, see {@link StoredContactsCodec}). The hash expires on
 * its own at the last contact's expiry plus a grace, so a user whose edge went silent disappears without an event.
 */
@Component
public class RegistrationCache {

    private static final Logger log = LoggerFactory.getLogger(RegistrationCache.class);

    /**
     * Replaces a user's state unless the stored one came from the same source with a higher version. One script, so
     * that two consumers (a rebalance, a replay) cannot interleave the check and the write. Lua numbers are doubles:
     * versions are compared exactly up to 2^53, far beyond any per-user change counter.
     */
    private static final String APPLY_SCRIPT = """
            local stored = redis.call('HMGET', KEYS[1], 'source', 'version')
            if stored[1] == ARGV[1] and tonumber(stored[2]) > tonumber(ARGV[2]) then
              return 0
            end
            redis.call('DEL', KEYS[1])
            if ARGV[3] == '' then
              return 2
            end
            redis.call('HSET', KEYS[1], 'source', ARGV[1], 'version', ARGV[2], 'contacts', ARGV[3])
            redis.call('PEXPIREAT', KEYS[1], ARGV[4])
            return 1
            """;

    static final String CONTACTS = "contacts";

    private final RedisConnector redis;
    private final String keyPrefix;
    private final ContactRetention retention;
    private final StoredContactsCodec codec = new StoredContactsCodec();

    RegistrationCache(RedisConnector redis, DeliveryProperties properties) {
        this.redis = redis;
        this.keyPrefix = properties.redis().keyPrefix() + "registration:";
        this.retention = new ContactRetention(properties.registrations());
    }

    /** What {@link #apply} did with an event. */
    public enum Outcome {
        /** The stored state is newer from the same source; nothing changed. */
        STALE,
        STORED,
        /** The user has no contact left; the entry is gone. */
        REMOVED
    }

    /**
     * Replaces the user's state with the event's full state, or removes it when the event has no contacts.
     *
     * @return the outcome, or an error {@link net.cpmpf.platform.redis.RedisUnavailableException}
     */
    public Mono<Outcome> apply(RegistrationChanged change) {
        String user = CpmAddress.normalize(change.user());
        List<RegisteredContact> kept = retention.keep(change.contacts());
        if (kept.size() < change.contacts().size()) {
            log.warn(
                    "{} has {} contacts, keeping the {} freshest",
                    user,
                    change.contacts().size(),
                    kept.size());
        }
        String contacts = kept.isEmpty() ? "" : codec.encode(kept);
        String expireAt =
                kept.isEmpty() ? "0" : Long.toString(retention.expireAt(kept).toEpochMilli());
        String[] keys = {key(user)};
        return redis.execute(commands -> commands.<Long>eval(
                                APPLY_SCRIPT,
                                ScriptOutputType.INTEGER,
                                keys,
                                change.source(),
                                Long.toString(change.version()),
                                contacts,
                                expireAt)
                        .next())
                .map(RegistrationCache::outcome);
    }

    /**
     * The user's contacts whose registration has not ended yet; empty when the user is not registered.
     *
     * @param user a CPM address in {@link CpmAddress} normal form
     * @return the contacts, or an error {@link net.cpmpf.platform.redis.RedisUnavailableException}
     */
    public Mono<List<RegisteredContact>> activeContacts(String user) {
        return redis.execute(commands -> commands.hget(key(user), CONTACTS))
                .map(codec::decode)
                .map(contacts -> ContactRetention.active(contacts, Instant.now()))
                .defaultIfEmpty(List.of());
    }

    String key(String user) {
        return keyPrefix + user;
    }

    private static Outcome outcome(long code) {
        return switch ((int) code) {
            case 0 -> Outcome.STALE;
            case 1 -> Outcome.STORED;
            case 2 -> Outcome.REMOVED;
            default -> throw new IllegalStateException("unexpected script result " + code);
        };
    }
}
