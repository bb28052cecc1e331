package net.cpmpf.delivery.registration;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import java.net.URI;
import java.net.URLEncoder;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.cpmpf.delivery.DeliveryApplication;
import net.cpmpf.events.EventCodec;
import net.cpmpf.events.RegisteredContact;
import net.cpmpf.events.RegistrationChanged;
import net.cpmpf.events.Topics;
import net.cpmpf.testkit.LocalRedis;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The delivery service with a real broker and a real redis-server, driven only through Kafka and HTTP. Every event is
 * followed until the service has committed its offset, so "ignored" is observed, not guessed.
 */
@EmbeddedKafka
class RegistrationApiIT {

    private static final Duration COMMAND_TIMEOUT = Duration.ofMillis(500);

    private static LocalRedis redis;
    private static RedisClient probe;
    private static ConfigurableApplicationContext delivery;
    private static KafkaProducer<String, byte[]> producer;
    private static Admin admin;
    private static WebTestClient http;

    private final EventCodec codec = new EventCodec();
    private final String user = "sip:" + UUID.randomUUID() + "@example.com";

    @BeforeAll
    static void start(EmbeddedKafkaBroker broker) throws Exception {
        redis = LocalRedis.start();
        probe = RedisClient.create(redis.uri());
        String brokers = broker.getBrokersAsString();
        // The Redis address comes the way the local stack passes it: Spring Boot's spring.data.redis.* settings.
        delivery = DeliveryApplication.application()
                .run(
                        "--spring.kafka.bootstrap-servers=" + brokers,
                        "--server.port=0",
                        "--spring.data.redis.host=127.0.0.1",
                        "--spring.data.redis.port=" + redis.port(),
                        "--cpm.delivery.redis.command-timeout=" + COMMAND_TIMEOUT.toMillis() + "ms");
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers));
        http = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + delivery.getEnvironment().getProperty("local.server.port"))
                .responseTimeout(Duration.ofSeconds(10))
                .build();
    }

    @AfterAll
    static void stop() throws Exception {
        producer.close();
        admin.close();
        delivery.close();
        probe.shutdown();
        redis.close();
    }

    @Test
    void fullStatesReplaceEachOtherOlderOnesAreIgnoredAndEmptyRemoves() throws Exception {
        var expires = Instant.now().plusSeconds(600).truncatedTo(ChronoUnit.SECONDS);
        var phone = contact("phone", expires);
        var laptop = contact("laptop", expires);

        publishAndAwaitConsumed(change(1, phone, laptop));
        get().expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.user")
                .isEqualTo(user)
                .jsonPath("$.contacts.length()")
                .isEqualTo(2)
                .jsonPath("$.contacts[0].contactUri")
                .isEqualTo("sip:phone@192.0.2.1")
                .jsonPath("$.contacts[0].instanceId")
                .isEqualTo("urn:uuid:phone")
                .jsonPath("$.contacts[0].publicGruu")
                .isEqualTo(user + ";gr=urn:uuid:phone")
                .jsonPath("$.contacts[0].tempGruu")
                .isEqualTo("sip:tgruu.phone@example.com;gr")
                .jsonPath("$.contacts[0].featureTags[0]")
                .isEqualTo("+g.oma.sip-im")
                .jsonPath("$.contacts[0].expiresAt")
                .isEqualTo(expires.toString());

        publishAndAwaitConsumed(change(2, laptop));
        assertContacts("sip:laptop@192.0.2.1");

        publishAndAwaitConsumed(change(1, phone, laptop));
        assertContacts("sip:laptop@192.0.2.1");

        publishAndAwaitConsumed(change(3));
        assertContacts();
    }

    @Test
    void contactsWhoseRegistrationEndedAreNotReturnedAndTheEntryExpires() throws Exception {
        var now = Instant.now();
        var latest = now.plusSeconds(120);

        publishAndAwaitConsumed(change(1, contact("ended", now.minusSeconds(10)), contact("live", latest)));

        assertContacts("sip:live@192.0.2.1");
        long ttl = probe.connect().sync().pttl("cpm:registration:" + user);
        long expected = Duration.between(now, latest.plusSeconds(30)).toMillis();
        assertThat(ttl).isBetween(expected - 10_000, expected);
    }

    @Test
    void somethingThatIsNotAnAddressIsABadRequest() {
        http.get()
                .uri(URI.create(baseUrl() + "/api/v1/users/bob%40example.com/registrations"))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.error")
                .isEqualTo("not a CPM address: bob@example.com");
    }

    @Test
    void redisDownIsServiceUnavailableWithinTheTimeoutAndHeals() throws Exception {
        get().expectStatus().isOk();
        redis.stop();
        try {
            long started = System.nanoTime();
            get().expectStatus()
                    .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                    .expectBody()
                    .jsonPath("$.error")
                    .exists();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(COMMAND_TIMEOUT.plusSeconds(2));
            http.get()
                    .uri("/actuator/health/readiness")
                    .exchange()
                    .expectStatus()
                    .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                    .expectBody()
                    .jsonPath("$.components.redis.status")
                    .isEqualTo("DOWN");
        } finally {
            redis.restart();
        }
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> get().expectStatus().isOk());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> http.get()
                .uri("/actuator/health/readiness")
                .exchange()
                .expectStatus()
                .isOk());
    }

    private WebTestClient.ResponseSpec get() {
        var encoded = URLEncoder.encode(user, UTF_8);
        assertThat(encoded).contains("%3A").contains("%40");
        return http.get()
                .uri(URI.create(baseUrl() + "/api/v1/users/" + encoded + "/registrations"))
                .exchange();
    }

    private void assertContacts(String... contactUris) {
        var body = get().expectStatus()
                .isOk()
                .expectBody(Registrations.class)
                .returnResult()
                .getResponseBody();
        assertThat(body.user()).isEqualTo(user);
        assertThat(body.contacts()).extracting(RegisteredContact::contactUri).containsExactly(contactUris);
    }

    record Registrations(String user, List<RegisteredContact> contacts) {}

    private static String baseUrl() {
        return "http://127.0.0.1:" + delivery.getEnvironment().getProperty("local.server.port");
    }

    private void publishAndAwaitConsumed(RegistrationChanged change) throws Exception {
        var sent = producer.send(new ProducerRecord<>(Topics.REGISTRATIONS, change.user(), codec.encode(change)))
                .get();
        var partition = new TopicPartition(sent.topic(), sent.partition());
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var committed = admin.listConsumerGroupOffsets("delivery-service")
                    .partitionsToOffsetAndMetadata()
                    .get()
                    .get(partition);
            return committed != null && committed.offset() > sent.offset();
        });
    }

    private RegistrationChanged change(long version, RegisteredContact... contacts) {
        return new RegistrationChanged(
                UUID.randomUUID().toString(), user, "reg-event:it", version, Instant.now(), List.of(contacts));
    }

    private RegisteredContact contact(String name, Instant expiresAt) {
        return new RegisteredContact(
                "sip:" + name + "@192.0.2.1",
                "urn:uuid:" + name,
                user + ";gr=urn:uuid:" + name,
                "sip:tgruu." + name + "@example.com;gr",
                List.of("+g.oma.sip-im"),
                expiresAt);
    }
}
