package net.cpmpf.defer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.URLEncoder;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import net.cpmpf.events.CpmEvent;
import net.cpmpf.events.DeferralNotice;
import net.cpmpf.events.EventCodec;
import net.cpmpf.events.InboundMessage;
import net.cpmpf.events.LargeMessageRedelivery;
import net.cpmpf.events.LargeMessageRemoval;
import net.cpmpf.events.MessageDeferred;
import net.cpmpf.events.RegisteredContact;
import net.cpmpf.events.RegistrationChanged;
import net.cpmpf.events.ReplyAddress;
import net.cpmpf.events.RequestOutcome;
import net.cpmpf.events.SendRequestCommand;
import net.cpmpf.events.SipHeader;
import net.cpmpf.events.StoredContent;
import net.cpmpf.events.Topics;
import net.cpmpf.testkit.LocalRedis;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The defer service with a real broker and a real redis-server, driven only through Kafka and HTTP, playing the edge
 * (registrations, outcomes) and reading what the service publishes. Every event is followed until the service has
 * committed its offset, so "nothing sent" is observed, not guessed.
 */
@EmbeddedKafka
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeferServiceIT {

    private static final int EDGE = 3;
    private static final int KEYED_PARTITIONS = 12;

    private static LocalRedis redis;
    private static ConfigurableApplicationContext defer;
    private static KafkaProducer<String, byte[]> producer;
    private static Admin admin;
    private static WebTestClient http;
    private static String brokers;
    private static MessageDeferred deferredWhileDown;

    private static final EventCodec codec = new EventCodec();
    private final String user = "sip:" + UUID.randomUUID() + "@example.com";

    @BeforeAll
    static void start(EmbeddedKafkaBroker broker) throws Exception {
        redis = LocalRedis.start();
        brokers = broker.getBrokersAsString();
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                brokers,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers));

        // Crash safety: a deferral acked by the backbone while no defer-service runs is taken over when one starts.
        admin.createTopics(List.of(new NewTopic(Topics.DEFERRALS, KEYED_PARTITIONS, (short) 1)))
                .all()
                .get();
        deferredWhileDown = deferred(
                "sip:" + UUID.randomUUID() + "@example.com", Instant.now().plusSeconds(3600));
        publish(Topics.DEFERRALS, deferredWhileDown.recipient(), deferredWhileDown);

        defer = DeferApplication.application()
                .run(
                        "--spring.kafka.bootstrap-servers=" + brokers,
                        "--server.port=0",
                        "--spring.data.redis.host=127.0.0.1",
                        "--spring.data.redis.port=" + redis.port(),
                        "--cpm.defer.sweep-interval=200ms");
        http = WebTestClient.bindToServer()
                .baseUrl(baseUrl())
                .responseTimeout(Duration.ofSeconds(10))
                .build();
    }

    @AfterAll
    static void stop() throws Exception {
        producer.close();
        admin.close();
        defer.close();
        redis.close();
    }

    @Test
    @Order(1)
    void aDeferralPublishedWhileTheServiceWasDownIsStoredAndNotified() {
        var notice = notice(deferredWhileDown, DeferralNotice.Kind.STORED);
        assertThat(notice.clientRegistered()).isFalse();
        assertThat(messages(deferredWhileDown.recipient()))
                .extracting(m -> m.messageUriId())
                .containsExactly(deferredWhileDown.messageUriId());
    }

    @Test
    @Order(2)
    void eachDeviceGetsTheMessageOnceAndItIsRemovedWhenAllHaveIt() throws Exception {
        var deferred = deferred(user, Instant.now().plusSeconds(3600));
        publish(Topics.DEFERRALS, user, deferred);
        assertThat(notice(deferred, DeferralNotice.Kind.STORED).clientRegistered())
                .isFalse();
        assertApiShows(deferred);

        publishAndAwaitConsumed(Topics.REGISTRATIONS, registration(1, device("phone"), device("laptop")));
        var sent = commandsFor(deferred);
        assertThat(sent).hasSize(2);
        assertThat(sent)
                .extracting(SendRequestCommand::requestUri)
                .containsExactlyInAnyOrder(user + ";gr=urn:uuid:phone", user + ";gr=urn:uuid:laptop");
        assertThat(sent).allSatisfy(command -> {
            assertThat(command.method()).isEqualTo("MESSAGE");
            assertThat(command.purpose()).isEqualTo("redelivery");
            assertThat(command.key()).isEqualTo(user);
            assertThat(command.from()).isEqualTo("\"Alice\" <sip:alice@example.com>");
            assertThat(command.to()).isEqualTo("<" + user + ">");
            assertThat(command.body()).isEqualTo(deferred.message().body());
            assertThat(command.contentType()).isEqualTo("text/plain");
            assertThat(command.headers())
                    .containsExactly(
                            new SipHeader("P-Asserted-Identity", "<sip:alice@example.com>"),
                            new SipHeader("Conversation-ID", "conv-1"));
        });

        publishAndAwaitConsumed(Topics.REGISTRATIONS, registration(2, device("phone"), device("laptop")));
        assertThat(commandsFor(deferred)).as("in flight: nothing new").hasSize(2);

        for (var command : sent) {
            publishAndAwaitConsumed(
                    Topics.REQUEST_OUTCOMES,
                    new RequestOutcome(command.correlationId(), command.purpose(), command.key(), 200, "OK"));
        }
        assertThat(messages(user)).isEmpty();

        publishAndAwaitConsumed(Topics.REGISTRATIONS, registration(3, device("phone"), device("laptop")));
        assertThat(commandsFor(deferred)).as("delivered: nothing new").hasSize(2);
        publish(Topics.DEFERRALS, user, deferred);
        publishAndAwaitConsumed(Topics.REGISTRATIONS, registration(4, device("phone"), device("laptop")));
        assertThat(commandsFor(deferred))
                .as("a replayed deferral is not stored again")
                .hasSize(2);
        assertThat(messages(user)).isEmpty();
    }

    @Test
    @Order(3)
    void aFailedAttemptIsRepeatedAtTheNextRegistration() throws Exception {
        publishAndAwaitConsumed(Topics.REGISTRATIONS, registration(1, device("phone"), contactWithoutInstance()));
        var deferred = deferred(user, Instant.now().plusSeconds(3600));
        publish(Topics.DEFERRALS, user, deferred);
        assertThat(notice(deferred, DeferralNotice.Kind.STORED).clientRegistered())
                .isTrue();

        publishAndAwaitConsumed(Topics.REGISTRATIONS, registration(2, device("phone"), contactWithoutInstance()));
        var first = commandsFor(deferred);
        assertThat(first).singleElement().satisfies(c -> assertThat(c.requestUri())
                .isEqualTo(user + ";gr=urn:uuid:phone"));

        var attempt = first.get(0);
        publishAndAwaitConsumed(
                Topics.REQUEST_OUTCOMES,
                new RequestOutcome(attempt.correlationId(), "redelivery", user, 480, "Temporarily Unavailable"));
        assertApiShows(deferred);

        publishAndAwaitConsumed(Topics.REGISTRATIONS, registration(3, device("phone")));
        assertThat(commandsFor(deferred)).hasSize(2);

        publishAndAwaitConsumed(
                Topics.REQUEST_OUTCOMES, new RequestOutcome(attempt.correlationId(), "notification", user, 200, "OK"));
        assertApiShows(deferred);
        publishAndAwaitConsumed(
                Topics.REQUEST_OUTCOMES, new RequestOutcome(attempt.correlationId(), "redelivery", user, 200, "OK"));
        assertThat(messages(user)).isEmpty();
    }

    @Test
    @Order(3)
    void registrationsWithoutAnEdgeOrStaleOnesSendNothing() throws Exception {
        var deferred = deferred(user, Instant.now().plusSeconds(3600));
        publish(Topics.DEFERRALS, user, deferred);
        notice(deferred, DeferralNotice.Kind.STORED);

        publishAndAwaitConsumed(
                Topics.REGISTRATIONS,
                new RegistrationChanged(
                        UUID.randomUUID().toString(),
                        user,
                        "registrar:edge-3",
                        5,
                        Instant.now(),
                        List.of(device("phone"))));
        assertThat(commandsFor(deferred)).as("no edge to send through").isEmpty();

        publishAndAwaitConsumed(Topics.REGISTRATIONS, registration(4, device("phone")));
        assertThat(commandsFor(deferred)).as("older than the state held").isEmpty();

        publishAndAwaitConsumed(Topics.REGISTRATIONS, registration(6, device("phone")));
        assertThat(commandsFor(deferred)).hasSize(1);
    }

    @Test
    @Order(4)
    void aMessageNoDeviceTookExpiresAndIsReported() throws Exception {
        var expired = defer.getBean(MeterRegistry.class).counter("cpm.defer.expired");
        double before = expired.count();
        var deferred = deferred(user, Instant.now().plusSeconds(1));
        publish(Topics.DEFERRALS, user, deferred);
        notice(deferred, DeferralNotice.Kind.STORED);

        var notice = notice(deferred, DeferralNotice.Kind.EXPIRED);

        assertThat(notice.clientRegistered()).isFalse();
        assertThat(notice.deferred().messageUriId()).isEqualTo(deferred.messageUriId());
        assertThat(messages(user)).isEmpty();
        assertThat(expired.count()).isGreaterThanOrEqualTo(before + 1);
        await().during(Duration.ofMillis(600))
                .atMost(Duration.ofSeconds(2))
                .until(() -> notices(deferred).stream()
                                .filter(n -> n.kind() == DeferralNotice.Kind.EXPIRED)
                                .count()
                        == 1);
    }

    @Test
    @Order(5)
    void apiRefusesWhatIsNotAnAddressAndIsUnavailableWithoutRedis() throws Exception {
        http.get()
                .uri(URI.create(baseUrl() + "/api/v1/users/bob%40example.com/deferred"))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.error")
                .isEqualTo("not a CPM address: bob@example.com");

        redis.stop();
        try {
            get(user).expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
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
                .untilAsserted(() -> get(user).expectStatus().isOk());
    }

    private void assertApiShows(MessageDeferred deferred) {
        get(user)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.user")
                .isEqualTo(user)
                .jsonPath("$.messages.length()")
                .isEqualTo(1)
                .jsonPath("$.messages[0].messageUriId")
                .isEqualTo(deferred.messageUriId())
                .jsonPath("$.messages[0].sender")
                .isEqualTo("sip:alice@example.com")
                .jsonPath("$.messages[0].receivedAt")
                .isEqualTo(deferred.message().receivedAt().toString())
                .jsonPath("$.messages[0].expiresAt")
                .isEqualTo(deferred.expiresAt().toString())
                .jsonPath("$.messages[0].size")
                .isEqualTo(deferred.message().body().length)
                .jsonPath("$.messages[0].contentType")
                .isEqualTo("text/plain")
                .jsonPath("$.messages[0].reason")
                .isEqualTo("NO_CLIENT")
                .jsonPath("$.messages[0].deliveredTo.length()")
                .isEqualTo(0);
    }

    record Listed(String messageUriId, List<String> deliveredTo) {}

    record Listing(String user, List<Listed> messages) {}

    private static List<Listed> messages(String user) {
        return get(user)
                .expectStatus()
                .isOk()
                .expectBody(Listing.class)
                .returnResult()
                .getResponseBody()
                .messages();
    }

    private static WebTestClient.ResponseSpec get(String user) {
        return http.get()
                .uri(URI.create(baseUrl() + "/api/v1/users/" + URLEncoder.encode(user, UTF_8) + "/deferred"))
                .exchange();
    }

    @Test
    @Order(6)
    void aLargeMessageGoesToTheDeliveryServiceForEachDeviceAndItsContentIsRemovedWhenAllHaveIt() throws Exception {
        var pager = deferred(user, Instant.now().plusSeconds(3600));
        var stored = new StoredContent("message/cpim", 5_242_880, "Deferred", "<x@deferred.cpm-pf.invalid>");
        var deferred = pager.withContent(stored);
        publish(Topics.DEFERRALS, user, deferred);
        var notice = notice(deferred, DeferralNotice.Kind.STORED);
        assertThat(notice.deferred().content()).isEqualTo(stored);

        publishAndAwaitConsumed(Topics.REGISTRATIONS, registration(1, device("tablet")));
        var requests = largeMessageRequests(deferred);
        assertThat(requests).hasSize(1);
        var redelivery = (LargeMessageRedelivery) requests.get(0);
        assertThat(redelivery.correlationId()).isEqualTo("redelivery:" + deferred.messageUriId() + ":urn:uuid:tablet");
        assertThat(redelivery.stored()).isEqualTo(stored);
        assertThat(redelivery.edge()).isEqualTo(new ReplyAddress(Topics.EDGE_COMMANDS, EDGE));
        assertThat(redelivery.command().requestUri()).isEqualTo(user + ";gr=urn:uuid:tablet");
        assertThat(commandsFor(deferred)).as("no MESSAGE for a large message").isEmpty();

        publishAndAwaitConsumed(
                Topics.REQUEST_OUTCOMES, new RequestOutcome(redelivery.correlationId(), "redelivery", user, 200, "OK"));
        assertThat(messages(user)).isEmpty();
        var removal = (LargeMessageRemoval) largeMessageRequests(deferred).get(1);
        assertThat(removal.stored()).isEqualTo(stored);
        assertThat(removal.user()).isEqualTo(user);
    }

    private static List<CpmEvent> largeMessageRequests(MessageDeferred deferred) {
        return read(
                new TopicPartition(Topics.LARGE_MESSAGE_REQUESTS, partitionOf(deferred.recipient())),
                e -> (e instanceof LargeMessageRedelivery r
                                && r.correlationId().startsWith("redelivery:" + deferred.messageUriId() + ":"))
                        || (e instanceof LargeMessageRemoval m
                                && m.messageUriId().equals(deferred.messageUriId())));
    }

    private static String baseUrl() {
        return "http://127.0.0.1:" + defer.getEnvironment().getProperty("local.server.port");
    }

    private static DeferralNotice notice(MessageDeferred deferred, DeferralNotice.Kind kind) {
        List<DeferralNotice> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            found.clear();
            notices(deferred).stream().filter(n -> n.kind() == kind).forEach(found::add);
            return !found.isEmpty();
        });
        return found.get(0);
    }

    private static List<DeferralNotice> notices(MessageDeferred deferred) {
        var partition = new TopicPartition(Topics.DEFERRAL_NOTICES, partitionOf(deferred.recipient()));
        return read(
                        partition,
                        e -> e instanceof DeferralNotice n
                                && n.deferred().messageUriId().equals(deferred.messageUriId()))
                .stream()
                .map(DeferralNotice.class::cast)
                .toList();
    }

    private static List<SendRequestCommand> commandsFor(MessageDeferred deferred) {
        return read(
                        new TopicPartition(Topics.EDGE_COMMANDS, EDGE),
                        e -> e instanceof SendRequestCommand c
                                && c.correlationId().startsWith("redelivery:" + deferred.messageUriId() + ":"))
                .stream()
                .map(SendRequestCommand.class::cast)
                .toList();
    }

    /** Everything the partition holds now that matches. */
    private static List<CpmEvent> read(TopicPartition partition, Predicate<CpmEvent> filter) {
        try (var consumer = new KafkaConsumer<String, byte[]>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            List<CpmEvent> events = new ArrayList<>();
            while (consumer.position(partition) < end) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> events.add(codec.decode(r.value())));
            }
            return events.stream().filter(filter).toList();
        }
    }

    private static RecordMetadata publish(String topic, String key, CpmEvent event) throws Exception {
        return producer.send(new ProducerRecord<>(topic, key, codec.encode(event)))
                .get();
    }

    private void publishAndAwaitConsumed(String topic, CpmEvent event) throws Exception {
        var sent = publish(topic, user, event);
        var partition = new TopicPartition(sent.topic(), sent.partition());
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var committed = admin.listConsumerGroupOffsets(DeferApplication.NAME)
                    .partitionsToOffsetAndMetadata()
                    .get()
                    .get(partition);
            return committed != null && committed.offset() > sent.offset();
        });
    }

    private static int partitionOf(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(UTF_8))) % KEYED_PARTITIONS;
    }

    private static MessageDeferred deferred(String recipient, Instant expiresAt) {
        String id = UUID.randomUUID().toString();
        var message = new InboundMessage(
                id,
                new ReplyAddress(Topics.EDGE_COMMANDS, 0),
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                recipient,
                recipient,
                "\"Alice\" <sip:alice@example.com>;tag=" + id.substring(0, 8),
                "<" + recipient + ">",
                "call-" + id,
                List.of("<sip:alice@example.com>"),
                "text/plain",
                ("hello " + id).getBytes(UTF_8),
                List.of(
                        new SipHeader("P-Asserted-Identity", "<sip:alice@example.com>"),
                        new SipHeader("Conversation-ID", "conv-1"),
                        new SipHeader("Max-Forwards", "70")));
        return new MessageDeferred(
                id,
                message,
                "sip:alice@example.com",
                expiresAt.truncatedTo(ChronoUnit.MILLIS),
                MessageDeferred.Reason.NO_CLIENT);
    }

    private RegistrationChanged registration(long version, RegisteredContact... contacts) {
        return new RegistrationChanged(
                UUID.randomUUID().toString(),
                user,
                "registrar:edge-3",
                version,
                Instant.now(),
                List.of(contacts),
                new ReplyAddress(Topics.EDGE_COMMANDS, EDGE));
    }

    private RegisteredContact device(String name) {
        return new RegisteredContact(
                "sip:" + name + "@192.0.2.1",
                "urn:uuid:" + name,
                user + ";gr=urn:uuid:" + name,
                null,
                List.of("+g.oma.sip-im"),
                Instant.now().plusSeconds(600));
    }

    private static RegisteredContact contactWithoutInstance() {
        return new RegisteredContact(
                "sip:legacy@192.0.2.9",
                null,
                null,
                null,
                List.of("+g.oma.sip-im"),
                Instant.now().plusSeconds(600));
    }
}
