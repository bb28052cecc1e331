package net.cpmpf.delivery.registration;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.cpmpf.delivery.registration.RegistrationCache.Outcome;
import net.cpmpf.delivery.system.DeliveryProperties;
import net.cpmpf.events.RegisteredContact;
import net.cpmpf.events.RegistrationChanged;
import net.cpmpf.platform.redis.RedisConnector;
import net.cpmpf.platform.redis.RedisSettings;
import net.cpmpf.platform.redis.RedisUnavailableException;
import net.cpmpf.platform.selection.SelectionSettings;
import net.cpmpf.testkit.LocalRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** The cache's Lua script and key layout against a real redis-server. */
class RegistrationCacheIT {

    private static final Duration GRACE = Duration.ofSeconds(30);
    private static final Duration TIMEOUT = Duration.ofMillis(500);

    private static LocalRedis redis;
    private static RedisClient probeClient;
    private static RedisCommands<String, String> probe;
    private static RedisConnector connector;
    private static RedisConnector secondConnector;
    private static RegistrationCache cache;

    private final String user = "sip:" + UUID.randomUUID() + "@example.com";

    @BeforeAll
    static void start() throws Exception {
        redis = LocalRedis.start();
        probeClient = RedisClient.create(redis.uri());
        probe = probeClient.connect().sync();
        connector = new RedisConnector(properties(redis.uri()).redis());
        secondConnector = new RedisConnector(properties(redis.uri()).redis());
        cache = new RegistrationCache(connector, properties(redis.uri()));
    }

    @AfterAll
    static void stop() throws Exception {
        connector.close();
        secondConnector.close();
        probeClient.shutdown();
        redis.close();
    }

    @Test
    void storesTheFullStateAsOneHashThatExpiresAfterTheLastContact() {
        var now = Instant.now();
        var state = change("reg-event:1", 1, contact("a", now.plusSeconds(60)), contact("b", now.plusSeconds(3600)));

        assertThat(cache.apply(state).block()).isEqualTo(Outcome.STORED);

        Map<String, String> hash = probe.hgetall(cache.key(user));
        assertThat(hash).containsEntry("source", "reg-event:1").containsEntry("version", "1");
        assertThat(new StoredContactsCodec().decode(hash.get("contacts"))).isEqualTo(state.contacts());
        long expected = Duration.between(now, now.plusSeconds(3600).plus(GRACE)).toMillis();
        assertThat(probe.pttl(cache.key(user))).isBetween(expected - 5_000, expected);
        assertThat(cache.activeContacts(user).block()).isEqualTo(state.contacts());
    }

    @Test
    void lowerVersionFromTheSameSourceIsStaleAndEqualVersionIsReapplied() {
        var live = contact("a", Instant.now().plusSeconds(60));
        cache.apply(change("reg-event:1", 5, live)).block();

        var older = change("reg-event:1", 4, contact("b", Instant.now().plusSeconds(60)));
        assertThat(cache.apply(older).block()).isEqualTo(Outcome.STALE);
        assertThat(cache.apply(change("reg-event:1", 4)).block()).isEqualTo(Outcome.STALE);
        assertThat(cache.activeContacts(user).block()).containsExactly(live);

        assertThat(cache.apply(change("reg-event:1", 5, live)).block()).isEqualTo(Outcome.STORED);
    }

    @Test
    void anotherSourceReplacesTheStateWhateverItsVersion() {
        cache.apply(change("reg-event:1", 9, contact("a", Instant.now().plusSeconds(60))))
                .block();
        var fromRegistrar = contact("b", Instant.now().plusSeconds(60));

        assertThat(cache.apply(change("registrar:edge-0", 1, fromRegistrar)).block())
                .isEqualTo(Outcome.STORED);
        assertThat(cache.activeContacts(user).block()).containsExactly(fromRegistrar);
    }

    @Test
    void noContactsRemoveTheEntry() {
        cache.apply(change("reg-event:1", 1, contact("a", Instant.now().plusSeconds(60))))
                .block();

        assertThat(cache.apply(change("reg-event:1", 2)).block()).isEqualTo(Outcome.REMOVED);
        assertThat(probe.exists(cache.key(user))).isZero();
        assertThat(cache.activeContacts(user).block()).isEmpty();
    }

    @Test
    void stateWhoseContactsAllEndedLongAgoLeavesNoEntry() {
        var expired = contact("a", Instant.now().minus(GRACE).minusSeconds(1));

        cache.apply(change("reg-event:1", 1, expired)).block();

        assertThat(probe.exists(cache.key(user))).isZero();
    }

    @Test
    void beyondTheLimitTheFreshestContactsAreKept() {
        var now = Instant.now();
        var state = change(
                "reg-event:1",
                1,
                contact("old", now.plusSeconds(10)),
                contact("newest", now.plusSeconds(90)),
                contact("newer", now.plusSeconds(60)));

        cache.apply(state).block();

        assertThat(cache.activeContacts(user).block())
                .extracting(RegisteredContact::contactUri)
                .containsExactlyInAnyOrder("sip:newest@192.0.2.1", "sip:newer@192.0.2.1");
    }

    @Test
    void twoConsumersRacingLeaveTheHighestVersion() {
        var other = new RegistrationCache(secondConnector, properties(redis.uri()));
        List<Long> versions = new ArrayList<>();
        for (long v = 1; v <= 200; v++) {
            versions.add(v);
        }
        Collections.shuffle(versions);
        var expires = Instant.now().plusSeconds(60);

        Flux.fromIterable(versions)
                .parallel(4)
                .runOn(Schedulers.parallel())
                .flatMap(v -> (v % 2 == 0 ? cache : other).apply(change("reg-event:1", v, contact("v" + v, expires))))
                .sequential()
                .blockLast(Duration.ofSeconds(30));

        assertThat(probe.hget(cache.key(user), "version")).isEqualTo("200");
        assertThat(cache.activeContacts(user).block())
                .extracting(RegisteredContact::contactUri)
                .containsExactly("sip:v200@192.0.2.1");
    }

    @Test
    void unreachableRedisFailsWithinTheCommandTimeout() throws Exception {
        try (var nowhere = new RedisConnector(
                properties("redis://127.0.0.1:" + LocalRedis.freePort()).redis())) {
            var unreachable = new RegistrationCache(nowhere, properties(redis.uri()));

            StepVerifier.create(unreachable.activeContacts(user))
                    .expectError(RedisUnavailableException.class)
                    .verify(TIMEOUT.multipliedBy(3));
        }
    }

    private RegistrationChanged change(String source, long version, RegisteredContact... contacts) {
        return new RegistrationChanged(
                UUID.randomUUID().toString(), user, source, version, Instant.now(), List.of(contacts));
    }

    private static RegisteredContact contact(String name, Instant expiresAt) {
        return new RegisteredContact(
                "sip:" + name + "@192.0.2.1", "urn:uuid:" + name, null, null, List.of(), expiresAt);
    }

    private static DeliveryProperties properties(String uri) {
        return new DeliveryProperties(
                new RedisSettings(URI.create(uri), TIMEOUT, TIMEOUT, "it:"),
                new DeliveryProperties.Registrations(2, GRACE),
                new SelectionSettings(List.of("+g.oma.sip-im"), true),
                new DeliveryProperties.Interworking("sip:iwf@127.0.0.1:5080"),
                Duration.ofSeconds(30),
                new DeliveryProperties.LargeMessage(List.of("+g.oma.sip-im.large-message")));
    }
}
