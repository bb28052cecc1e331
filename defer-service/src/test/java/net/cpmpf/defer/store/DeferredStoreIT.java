package net.cpmpf.defer.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import net.cpmpf.defer.devices.DeviceRegistry;
import net.cpmpf.defer.store.DeferredStore.Delivered;
import net.cpmpf.defer.store.DeferredStore.Stored;
import net.cpmpf.defer.system.DeferProperties;
import net.cpmpf.events.ClientSelection;
import net.cpmpf.events.EventCodec;
import net.cpmpf.events.InboundMessage;
import net.cpmpf.events.MessageDeferred;
import net.cpmpf.events.RegisteredContact;
import net.cpmpf.events.RegistrationChanged;
import net.cpmpf.events.ReplyAddress;
import net.cpmpf.events.Topics;
import net.cpmpf.platform.redis.RedisConnector;
import net.cpmpf.platform.redis.RedisSettings;
import net.cpmpf.platform.selection.SelectionSettings;
import net.cpmpf.testkit.LocalRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** The store's scripts and key layout against a real redis-server. */
class DeferredStoreIT {

    private static LocalRedis redis;
    private static RedisClient probeClient;
    private static RedisCommands<String, String> probe;
    private static RedisConnector connector;
    private static DeferredStore store;
    private static DeviceRegistry devices;
    private static DeferKeys keys;

    private final String user = "sip:" + UUID.randomUUID() + "@example.com";

    @BeforeAll
    static void start() throws Exception {
        redis = LocalRedis.start();
        probeClient = RedisClient.create(redis.uri());
        probe = probeClient.connect().sync();
        var properties = properties(redis.uri());
        connector = new RedisConnector(properties.redis());
        store = new DeferredStore(connector, properties, new EventCodec(), Clock.systemUTC());
        devices = new DeviceRegistry(
                connector,
                properties,
                new EventCodec(),
                new ClientSelection(List.of("+g.oma.sip-im"), true),
                Clock.systemUTC());
        keys = new DeferKeys(properties);
    }

    @AfterAll
    static void stop() throws Exception {
        connector.close();
        probeClient.shutdown();
        redis.close();
    }

    @Test
    void storingIsIdempotentByMessageUriIdAndRemembersTheNotice() {
        var deferred = deferred(Instant.now().plusSeconds(3600));

        assertThat(store.store(deferred).block()).isEqualTo(Stored.NEW);
        assertThat(store.store(deferred).block()).isEqualTo(Stored.NOT_NOTIFIED);
        store.markNotified(deferred.messageUriId()).block();
        assertThat(store.store(deferred).block()).isEqualTo(Stored.NOTIFIED);

        String id = deferred.messageUriId();
        assertThat(probe.hgetall(keys.message(id)))
                .containsEntry("recipient", user)
                .containsEntry("notified", "1")
                .containsEntry("expiresAt", Long.toString(deferred.expiresAt().toEpochMilli()));
        assertThat(probe.zscore(keys.pending(user), id))
                .isEqualTo((double) deferred.message().receivedAt().toEpochMilli());
        assertThat(probe.zscore(keys.expiry(), id))
                .isEqualTo((double) deferred.expiresAt().toEpochMilli());
        assertThat(store.list(user, 10).block()).singleElement().satisfies(entry -> {
            assertThat(entry.deferred().messageUriId()).isEqualTo(id);
            assertThat(entry.deferred().message().body()).isEqualTo("hi".getBytes(UTF_8));
            assertThat(entry.deliveredTo()).isEmpty();
        });
    }

    @Test
    void aDeviceGetsAMessageOnceAndItIsRemovedWhenEveryKnownDeviceHasIt() {
        var deferred = deferred(Instant.now().plusSeconds(3600));
        String id = deferred.messageUriId();
        store.store(deferred).block();
        assertThat(devices.apply(registration(1), List.of("urn:uuid:a", "urn:uuid:b"))
                        .block())
                .isTrue();

        assertThat(store.claim(id, "urn:uuid:a", "attempt-1").block())
                .usingRecursiveComparison()
                .isEqualTo(deferred);
        assertThat(store.claim(id, "urn:uuid:a", "attempt-2").block())
                .as("in flight for another attempt")
                .isNull();
        assertThat(store.claim(id, "urn:uuid:a", "attempt-1").block())
                .as("the same attempt, retried after a failure, takes up its own claim")
                .isNotNull();
        assertThat(store.delivered(id, "urn:uuid:a", user).block()).isEqualTo(Delivered.RECORDED);
        assertThat(store.claim(id, "urn:uuid:a", "attempt-1").block())
                .as("delivered")
                .isNull();
        assertThat(store.list(user, 10).block().get(0).deliveredTo()).containsExactly("urn:uuid:a");

        assertThat(store.claim(id, "urn:uuid:b", "attempt-1").block()).isNotNull();
        store.release(id, "urn:uuid:b").block();
        assertThat(store.claim(id, "urn:uuid:b", "attempt-1").block())
                .as("released after a failure")
                .isNotNull();
        assertThat(store.delivered(id, "urn:uuid:b", user).block()).isEqualTo(Delivered.COMPLETE);

        assertThat(probe.exists(keys.message(id), keys.delivered(id))).isZero();
        assertThat(probe.zscore(keys.pending(user), id)).isNull();
        assertThat(probe.zscore(keys.expiry(), id)).isNull();
        assertThat(store.claim(id, "urn:uuid:c", "attempt-1").block()).isNull();
        assertThat(store.delivered(id, "urn:uuid:b", user).block()).isEqualTo(Delivered.GONE);
        assertThat(store.store(deferred).block()).as("a replay after removal").isEqualTo(Stored.REMOVED);
        assertThat(probe.exists(keys.message(id))).isZero();
    }

    @Test
    void aStaleRegistrationChangesNothing() {
        assertThat(devices.apply(registration(5), List.of("urn:uuid:a")).block())
                .isTrue();
        assertThat(devices.apply(registration(4), List.of("urn:uuid:z")).block())
                .isFalse();
        assertThat(probe.zrange(keys.devices(user), 0, -1)).containsExactly("urn:uuid:a");
        assertThat(probe.hget(keys.registration(user), "version")).isEqualTo("5");
    }

    @Test
    void anExpiredMessageIsNotDeliveredAndExpiryIsTakenByOneSweepAtATime() {
        var past = Instant.now().minusSeconds(1);
        var older = deferred(past.minusSeconds(20));
        var old = deferred(past.minusSeconds(10));
        var live = deferred(Instant.now().plusSeconds(3600));
        for (var d : List.of(live, old, older)) {
            store.store(d).block();
        }
        assertThat(store.claim(old.messageUriId(), "urn:uuid:a", "attempt-1").block())
                .isNull();

        List<String> due = store.expired(1000).block();
        assertThat(due).contains(older.messageUriId(), old.messageUriId()).doesNotContain(live.messageUriId());
        assertThat(due.indexOf(older.messageUriId())).isLessThan(due.indexOf(old.messageUriId()));

        assertThat(store.claimExpired(old.messageUriId(), Duration.ofMinutes(1)).block())
                .usingRecursiveComparison()
                .isEqualTo(old);
        assertThat(store.claimExpired(old.messageUriId(), Duration.ofMinutes(1)).block())
                .as("held by the first")
                .isNull();
        assertThat(store.expired(1000).block()).doesNotContain(old.messageUriId());
        store.unclaimExpired(old).block();
        assertThat(store.claimExpired(old.messageUriId(), Duration.ofMinutes(1)).block())
                .usingRecursiveComparison()
                .isEqualTo(old);
        store.removeExpired(old).block();

        assertThat(probe.exists(keys.message(old.messageUriId()))).isZero();
        assertThat(probe.zrange(keys.pending(user), 0, -1)).containsExactly(older.messageUriId(), live.messageUriId());
        assertThat(store.claimExpired(live.messageUriId(), Duration.ofMinutes(1))
                        .block())
                .isNull();
        assertThat(store.store(old).block()).isEqualTo(Stored.REMOVED);
    }

    @Test
    void twoReplicasSweepingTogetherReportEachExpiredMessageOnce() throws Exception {
        List<MessageDeferred> expired = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            expired.add(deferred(Instant.now().minusSeconds(1)));
        }
        expired.forEach(d -> store.store(d).block());
        var properties = properties(redis.uri());
        try (var otherConnector = new RedisConnector(properties.redis())) {
            var other = new DeferredStore(otherConnector, properties, new EventCodec(), Clock.systemUTC());

            List<String> claimed = Flux.fromIterable(expired)
                    .flatMap(d -> Flux.just(store, other)
                            .flatMap(replica -> replica.claimExpired(d.messageUriId(), Duration.ofMinutes(1))))
                    .map(MessageDeferred::messageUriId)
                    .collectList()
                    .block(Duration.ofSeconds(30));

            assertThat(claimed)
                    .doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(
                            expired.stream().map(MessageDeferred::messageUriId).toList());
        }
    }

    private MessageDeferred deferred(Instant expiresAt) {
        String id = UUID.randomUUID().toString();
        var message = new InboundMessage(
                id,
                new ReplyAddress(Topics.EDGE_COMMANDS, 0),
                // Distinct receivedAt in the order of creation.
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                user,
                user,
                "<sip:alice@example.com>;tag=" + id,
                "<" + user + ">",
                "call-" + id,
                List.of("<sip:alice@example.com>"),
                "text/plain",
                "hi".getBytes(UTF_8),
                List.of());
        sleepOneMilli();
        return new MessageDeferred(
                id,
                message,
                "sip:alice@example.com",
                expiresAt.truncatedTo(ChronoUnit.MILLIS),
                MessageDeferred.Reason.PREFERENCE);
    }

    private RegistrationChanged registration(long version) {
        var contact = new RegisteredContact(
                "sip:a@192.0.2.1",
                "urn:uuid:a",
                null,
                null,
                List.of("+g.oma.sip-im"),
                Instant.now().plusSeconds(60));
        return new RegistrationChanged(
                UUID.randomUUID().toString(),
                user,
                "reg-event:1",
                version,
                Instant.now(),
                List.of(contact),
                new ReplyAddress(Topics.EDGE_COMMANDS, 3));
    }

    private static void sleepOneMilli() {
        long start = System.currentTimeMillis();
        while (System.currentTimeMillis() == start) {
            Thread.onSpinWait();
        }
    }

    static DeferProperties properties(String uri) {
        return new DeferProperties(
                new RedisSettings(URI.create(uri), Duration.ofMillis(500), Duration.ofMillis(500), "it:"),
                new SelectionSettings(List.of("+g.oma.sip-im"), true),
                Duration.ofSeconds(60),
                Duration.ofSeconds(10),
                100,
                Duration.ofSeconds(60),
                1000,
                Duration.ofDays(30),
                Duration.ofDays(7));
    }
}
