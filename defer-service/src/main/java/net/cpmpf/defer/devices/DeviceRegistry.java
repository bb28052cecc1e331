package net.cpmpf.defer.devices;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.lettuce.core.ScriptOutputType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.cpmpf.defer.store.DeferKeys;
import net.cpmpf.defer.system.DeferProperties;
import net.cpmpf.events.ClientSelection;
import net.cpmpf.events.CpmAddress;
import net.cpmpf.events.EventCodec;
import net.cpmpf.events.ForkTarget;
import net.cpmpf.events.RegisteredContact;
import net.cpmpf.events.RegistrationChanged;
import net.cpmpf.platform.redis.RedisConnector;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * What the defer service knows of a user's devices: the latest registration (contacts and the edge that reaches
 * them), and every capable device instance seen within the device retention. A message is removed once all of those
 * have it, so a phone that is off for a day still gets what arrived meanwhile.
 */
@Component
public class DeviceRegistry {

    /**
     * KEYS: registration, devices. ARGV: source, version, event, now, forget before, retention ms, instances…. Returns
     * 0 when the stored state is newer from the same source, else 1.
     */
    private static final String APPLY_SCRIPT = """
            local stored = redis.call('HMGET', KEYS[1], 'source', 'version')
            if stored[1] == ARGV[1] and tonumber(stored[2]) > tonumber(ARGV[2]) then
              return 0
            end
            redis.call('HSET', KEYS[1], 'source', ARGV[1], 'version', ARGV[2], 'event', ARGV[3])
            redis.call('PEXPIRE', KEYS[1], ARGV[6])
            for i = 7, #ARGV do
              redis.call('ZADD', KEYS[2], ARGV[4], ARGV[i])
            end
            redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[5])
            redis.call('PEXPIRE', KEYS[2], ARGV[6])
            return 1
            """;

    private final RedisConnector redis;
    private final DeferKeys keys;
    private final EventCodec codec;
    private final ClientSelection selection;
    private final Clock clock;
    private final Duration retention;

    public DeviceRegistry(
            RedisConnector redis,
            DeferProperties properties,
            EventCodec codec,
            ClientSelection selection,
            Clock clock) {
        this.redis = redis;
        this.keys = new DeferKeys(properties);
        this.codec = codec;
        this.selection = selection;
        this.clock = clock;
        this.retention = properties.deviceRetention();
    }

    /** The capable devices among a registration's contacts that are registered at {@code now}. */
    public List<ForkTarget> capable(List<RegisteredContact> contacts, Instant now) {
        return selection.select(contacts.stream()
                .filter(contact -> contact.expiresAt().isAfter(now))
                .toList());
    }

    /**
     * Remembers the user's latest state and its tracked devices (those with an instance id), unless a newer state from
     * the same source is held.
     *
     * @return false when the change is stale
     */
    public Mono<Boolean> apply(RegistrationChanged change, List<String> instances) {
        String user = CpmAddress.normalize(change.user());
        Instant now = clock.instant();
        List<String> args = new ArrayList<>(List.of(
                change.source(),
                Long.toString(change.version()),
                new String(codec.encode(change), UTF_8),
                Long.toString(now.toEpochMilli()),
                Long.toString(now.minus(retention).toEpochMilli()),
                Long.toString(retention.toMillis())));
        args.addAll(instances);
        String[] k = {keys.registration(user), keys.devices(user)};
        return redis.execute(c -> c.<Long>eval(APPLY_SCRIPT, ScriptOutputType.INTEGER, k, args.toArray(String[]::new))
                        .next())
                .map(code -> code == 1);
    }

    /** Whether the user has a capable device registered now, per the latest registration held. */
    public Mono<Boolean> capableRegistered(String user) {
        return redis.execute(c -> c.hget(keys.registration(user), "event"))
                .map(json -> (RegistrationChanged) codec.decode(json.getBytes(UTF_8)))
                .map(change -> !capable(change.contacts(), clock.instant()).isEmpty())
                .defaultIfEmpty(false);
    }
}
