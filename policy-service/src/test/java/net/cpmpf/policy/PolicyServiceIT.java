package net.cpmpf.policy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import net.cpmpf.events.CpmEvent;
import net.cpmpf.events.DeferLargeMessageCommand;
import net.cpmpf.events.EventCodec;
import net.cpmpf.events.FinalResponseCommand;
import net.cpmpf.events.InboundMessage;
import net.cpmpf.events.MessageDeferred;
import net.cpmpf.events.ReplyAddress;
import net.cpmpf.events.RoutedMessage;
import net.cpmpf.events.SipHeader;
import net.cpmpf.events.Topics;
import net.cpmpf.testkit.LocalRedis;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The policy service against a real broker and a real Redis, driven through its interfaces: the provisioning API and
 * the backbone. Decisions reach the asking edge's partition; poison goes to the dead-letter topic.
 */
@EmbeddedKafka
class PolicyServiceIT {

    private static final String BOB = "sip%3Abob%40example.com";
    private static final String BLOCK_ALICE = """
            <?xml version="1.0" encoding="UTF-8"?>
            <cp:ruleset xmlns:cp="urn:ietf:params:xml:ns:common-policy"
                        xmlns:ocp="urn:oma:xml:xdm:common-policy">
              <cp:rule id="block-alice">
                <cp:conditions>
                  <cp:identity><cp:one id="sip:alice@example.com"/></cp:identity>
                  <ocp:service-list><ocp:service featuretag="+g.oma.sip-cpm"/></ocp:service-list>
                  <ocp:media-list><ocp:pager-mode-message/></ocp:media-list>
                </cp:conditions>
                <cp:actions><ocp:allow-reject-invite>true</ocp:allow-reject-invite></cp:actions>
              </cp:rule>
            </cp:ruleset>
            """;

    private static ConfigurableApplicationContext policy;
    private static LocalRedis redis;
    private static String brokers;
    private static WebTestClient http;
    private final EventCodec codec = new EventCodec();

    @BeforeAll
    static void start(EmbeddedKafkaBroker broker) throws Exception {
        redis = LocalRedis.start();
        brokers = broker.getBrokersAsString();
        policy = PolicyApplication.application()
                .run(
                        "--spring.kafka.bootstrap-servers=" + brokers,
                        "--server.port=0",
                        "--spring.data.redis.port=" + redis.port(),
                        "--cpm.policy.access.warning-agent=pf.example.com");
    }

    @AfterAll
    static void stop() throws Exception {
        policy.close();
        redis.close();
    }

    private static WebTestClient http() {
        if (http == null) {
            http = WebTestClient.bindToServer()
                    .baseUrl("http://127.0.0.1:" + policy.getEnvironment().getProperty("local.server.port"))
                    .build();
        }
        return http;
    }

    @Test
    void accessPolicyIsValidatedStoredReadAndDeleted() {
        putPolicy(BOB, BLOCK_ALICE).expectStatus().isNoContent();
        http().get()
                .uri(accessPolicy(BOB))
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith("application/auth-policy+xml")
                .expectBody(String.class)
                .isEqualTo(BLOCK_ALICE);

        putPolicy(BOB, "<cp:ruleset xmlns:cp=\"urn:ietf:params:xml:ns:common-policy\">")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.error")
                .value(e -> assertThat((String) e).contains("NOT_WELL_FORMED"));
        putPolicy(BOB, "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>")
                .expectStatus()
                .isBadRequest();
        http().put()
                .uri(accessPolicy(BOB))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}")
                .exchange()
                .expectStatus()
                .isEqualTo(415);
        putPolicy("not-an-address", BLOCK_ALICE).expectStatus().isBadRequest();
        http().get().uri(accessPolicy(BOB)).exchange().expectBody(String.class).isEqualTo(BLOCK_ALICE);

        http().delete().uri(accessPolicy(BOB)).exchange().expectStatus().isNoContent();
        http().get().uri(accessPolicy(BOB)).exchange().expectStatus().isNotFound();
    }

    @Test
    void blockedSenderGets403WithWarningOthersGoOn() throws Exception {
        putPolicy("sip%3Adave%40example.com", BLOCK_ALICE.replace("block-alice", "r1"))
                .expectStatus()
                .isNoContent();

        var fromAlice = message("sip:dave@example.com", "<sip:alice@example.com>", 6);
        var fromCarol = message("sip:dave@example.com", "<sip:carol@example.com>", 6);
        publish(Topics.INBOUND_MESSAGES, fromAlice.recipient(), codec.encode(fromAlice));
        publish(Topics.INBOUND_MESSAGES, fromCarol.recipient(), codec.encode(fromCarol));

        var answers = readAll(new TopicPartition(Topics.EDGE_COMMANDS, 6), 1).stream()
                .map(bytes -> (FinalResponseCommand) codec.decode(bytes))
                .toList();
        assertThat(answers).singleElement().satisfies(a -> {
            assertThat(a.correlationId()).isEqualTo(fromAlice.correlationId());
            assertThat(a.status()).isEqualTo(403);
            assertThat(a.headers())
                    .contains(new SipHeader("Warning", "399 pf.example.com \"122 Function not allowed\""));
        });
        var routed = (RoutedMessage) keyed(Topics.ROUTED_MESSAGES, fromCarol);
        assertThat(routed.handling()).isEqualTo(RoutedMessage.Handling.DELIVER);
        assertThat(routed.sender()).isEqualTo("sip:carol@example.com");
    }

    @Test
    void servicePolicyAndPreferencesAreValidatedAndStored() {
        http().get()
                .uri("/api/v1/service-policy")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.pagerSizeLimit")
                .isEqualTo(1300);
        putJson("/api/v1/service-policy", "{\"pagerSizeLimit\": 2000}")
                .expectStatus()
                .isOk();
        putJson("/api/v1/service-policy", "{\"pagerSizeLimit\": 0}")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.error")
                .value(e -> assertThat((String) e).contains("pagerSizeLimit"));
        putJson("/api/v1/service-policy", "not json").expectStatus().isBadRequest();
        http().get()
                .uri("/api/v1/service-policy")
                .exchange()
                .expectBody()
                .jsonPath("$.pagerSizeLimit")
                .isEqualTo(2000);

        var preferences = URI.create(base() + "/api/v1/users/sip%3Afrank%40example.com/preferences");
        http().put()
                .uri(preferences)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"handling\": \"defer\", \"history\": true}")
                .exchange()
                .expectStatus()
                .isOk();
        http().put()
                .uri(preferences)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"handling\": \"teleport\"}")
                .exchange()
                .expectStatus()
                .isBadRequest();
        http().get()
                .uri(preferences)
                .exchange()
                .expectBody()
                .jsonPath("$.handling")
                .isEqualTo("defer")
                .jsonPath("$.history")
                .isEqualTo(true);
        http().delete().uri(preferences).exchange().expectStatus().isNoContent();
        http().get()
                .uri(preferences)
                .exchange()
                .expectBody()
                .jsonPath("$.handling")
                .isEqualTo("deliver")
                .jsonPath("$.history")
                .isEqualTo(false);
    }

    @Test
    void contentAndValidityAreCheckedInTheCrOrder() throws Exception {
        var binary = message("sip:gina@example.com", "<sip:carol@example.com>", 7, "application/octet-stream", 10);
        var huge = message("sip:gina@example.com", "<sip:carol@example.com>", 7, "text/plain", 3000);
        var expired = new InboundMessage(
                UUID.randomUUID().toString(),
                new ReplyAddress(Topics.EDGE_COMMANDS, 7),
                Instant.now(),
                "sip:gina@example.com",
                "sip:gina@example.com",
                "<sip:carol@example.com>;tag=x",
                "<sip:gina@example.com>",
                "call-expired",
                List.of("<sip:carol@example.com>"),
                "text/plain",
                "late".getBytes(UTF_8),
                List.of(
                        new SipHeader("Expires", "60"),
                        new SipHeader(
                                "Date",
                                DateTimeFormatter.RFC_1123_DATE_TIME.format(
                                        ZonedDateTime.now(ZoneOffset.UTC).minusHours(1)))));
        for (var message : List.of(binary, huge, expired)) {
            publish(Topics.INBOUND_MESSAGES, message.recipient(), codec.encode(message));
        }

        var answers = readAll(new TopicPartition(Topics.EDGE_COMMANDS, 7), 3).stream()
                .map(bytes -> (FinalResponseCommand) codec.decode(bytes))
                .collect(Collectors.toMap(FinalResponseCommand::correlationId, a -> a));
        assertThat(answers.get(binary.correlationId()).status()).isEqualTo(415);
        assertThat(answers.get(binary.correlationId()).headers())
                .anySatisfy(h -> assertThat(h.name()).isEqualTo("Accept"));
        assertThat(answers.get(huge.correlationId()).status()).isEqualTo(415);
        assertThat(answers.get(expired.correlationId()).status()).isEqualTo(408);
    }

    private static WebTestClient.ResponseSpec putJson(URI path, String json) {
        return http().put()
                .uri(path)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json)
                .exchange();
    }

    private static WebTestClient.ResponseSpec putJson(String path, String json) {
        return http().put()
                .uri(path)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json)
                .exchange();
    }

    private static String base() {
        return "http://127.0.0.1:" + policy.getEnvironment().getProperty("local.server.port");
    }

    /** The resource of a user given URL-encoded, as clients of the API send it (not re-encoded by a template). */
    private static URI accessPolicy(String encodedUser) {
        return URI.create("http://127.0.0.1:" + policy.getEnvironment().getProperty("local.server.port")
                + "/api/v1/users/" + encodedUser + "/access-policy");
    }

    private static WebTestClient.ResponseSpec putPolicy(String user, String xml) {
        return http().put()
                .uri(accessPolicy(user))
                .contentType(MediaType.parseMediaType("application/auth-policy+xml"))
                .bodyValue(xml.getBytes(UTF_8))
                .exchange();
    }

    private static InboundMessage message(String recipient, String assertedIdentity, int partition) {
        return message(recipient, assertedIdentity, partition, "text/plain", 2);
    }

    private static InboundMessage message(
            String recipient, String assertedIdentity, int partition, String contentType, int size) {
        String id = UUID.randomUUID().toString();
        return new InboundMessage(
                id,
                new ReplyAddress(Topics.EDGE_COMMANDS, partition),
                Instant.now(),
                recipient,
                recipient,
                assertedIdentity + ";tag=" + id,
                "<" + recipient + ">",
                "call-" + id,
                List.of(assertedIdentity),
                contentType,
                new byte[size],
                List.of());
    }

    @Test
    void deferPreferenceHandsTheMessageToDeferralThenAnswers202OnTheEdgePartition() throws Exception {
        putJson(URI.create(base() + "/api/v1/users/sip%3Aharry%40example.com/preferences"), "{\"handling\":\"defer\"}")
                .expectStatus()
                .is2xxSuccessful();
        var message = message("sip:harry@example.com", "<sip:alice@example.com>", 5);

        publish(Topics.INBOUND_MESSAGES, message.recipient(), codec.encode(message));

        var records = readAll(new TopicPartition(Topics.EDGE_COMMANDS, 5), 1);
        var command = (FinalResponseCommand) codec.decode(records.get(0));
        assertThat(command.correlationId()).isEqualTo(message.correlationId());
        assertThat(command.status()).isEqualTo(202);
        var deferred = (MessageDeferred) keyed(Topics.DEFERRALS, message);
        assertThat(deferred.messageUriId()).isEqualTo(message.correlationId());
        assertThat(deferred.reason()).isEqualTo(MessageDeferred.Reason.PREFERENCE);
        assertThat(deferred.sender()).isEqualTo("sip:alice@example.com");
        assertThat(deferred.expiresAt())
                .isEqualTo(deferred.message().receivedAt().plus(Duration.ofDays(7)));
    }

    @Test
    void otherPreferencesGoToTheDeliveryServiceWithTheirHistoryFlagAndExpiry() throws Exception {
        putJson(
                        URI.create(base() + "/api/v1/users/sip%3Aivy%40example.com/preferences"),
                        "{\"handling\":\"store\",\"history\":true}")
                .expectStatus()
                .is2xxSuccessful();
        var base = message("sip:ivy@example.com", "<sip:alice@example.com>", 4);
        var message = new InboundMessage(
                base.correlationId(),
                base.replyTo(),
                base.receivedAt(),
                base.recipient(),
                base.requestUri(),
                base.from(),
                base.to(),
                base.callId(),
                base.assertedIdentities(),
                base.contentType(),
                base.body(),
                List.of(new SipHeader("Expires", "3600")));

        publish(Topics.INBOUND_MESSAGES, message.recipient(), codec.encode(message));

        var routed = (RoutedMessage) keyed(Topics.ROUTED_MESSAGES, message);
        assertThat(routed.handling()).isEqualTo(RoutedMessage.Handling.STORE);
        assertThat(routed.history()).isTrue();
        assertThat(routed.deferralExpiresAt())
                .isEqualTo(routed.message().receivedAt().plusSeconds(3600));
        assertThat(routed.message().body()).isEqualTo(message.body());
    }

    @Test
    void largeMessageInviteTakesTheThree403ChecksInTheCrOrderThenGoesToDelivery() throws Exception {
        putJson(
                        "/api/v1/service-policy",
                        "{\"requiredUserAgentVersions\":[\"CPM-client/OMA2.0\"],\"anonymityAllowed\":false}")
                .expectStatus()
                .is2xxSuccessful();
        putPolicy("sip%3Aerin%40example.com", BLOCK_ALICE.replace("<ocp:pager-mode-message/>", "<ocp:large-message/>"))
                .expectStatus()
                .isNoContent();
        var agent = new SipHeader("User-Agent", "CPM-client/OMA2.0 acme/1.0");
        // Alice is blocked for large messages (and has no User-Agent either: the access policy comes first).
        var blocked = largeMessage("<sip:alice@example.com>", "<sip:alice@example.com>");
        var oldClient = largeMessage(
                "<sip:carol@example.com>",
                "<sip:carol@example.com>",
                new SipHeader("User-Agent", "CPM-client/OMA1.0 acme/1.0"));
        // An anonymous request from a client that is too old: the version check comes before anonymity.
        var oldAndAnonymous =
                largeMessage("<sip:carol@example.com>", "<sip:carol@example.com>", new SipHeader("Privacy", "id"));
        var anonymousFrom = largeMessage("<sip:carol@example.com>", "<sip:anonymous@anonymous.invalid>", agent);
        var privacyHeader = largeMessage(
                "<sip:carol@example.com>",
                "<sip:carol@example.com>",
                agent,
                new SipHeader("Privacy", "header;critical"));
        var fine = largeMessage("<sip:carol@example.com>", "<sip:carol@example.com>", agent);
        // The rule names the large-message medium only: Alice's pager messages still go on.
        var pagerFromAlice = message("sip:erin@example.com", "<sip:alice@example.com>", 7);

        for (var message :
                List.of(blocked, oldClient, oldAndAnonymous, anonymousFrom, privacyHeader, fine, pagerFromAlice)) {
            publish(Topics.INBOUND_MESSAGES, message.recipient(), codec.encode(message));
        }

        var answers = readAll(new TopicPartition(Topics.EDGE_COMMANDS, 7), 5).stream()
                .map(bytes -> (FinalResponseCommand) codec.decode(bytes))
                .collect(Collectors.toMap(FinalResponseCommand::correlationId, a -> a));
        var accessWarning = new SipHeader("Warning", "399 pf.example.com \"122 Function not allowed\"");
        var versionInfo = new SipHeader("Error-Info", "<urn:oma:cpm:pf:error:user-agent-version>");
        var anonymity = new SipHeader("Warning", "399 pf.example.com \"Anonymity not allowed\"");
        assertThat(answers.get(blocked.correlationId()).headers()).containsExactly(accessWarning);
        assertThat(answers.get(oldClient.correlationId()).headers()).contains(versionInfo);
        assertThat(answers.get(oldAndAnonymous.correlationId()).headers()).contains(versionInfo);
        assertThat(answers.get(anonymousFrom.correlationId()).headers()).containsExactly(anonymity);
        assertThat(answers.get(privacyHeader.correlationId()).headers()).containsExactly(anonymity);
        assertThat(answers.values()).hasSize(5).allSatisfy(a -> assertThat(a.status())
                .isEqualTo(403));
        var routed = (RoutedMessage) keyed(Topics.ROUTED_MESSAGES, fine);
        assertThat(routed.handling()).isEqualTo(RoutedMessage.Handling.DELIVER);
        assertThat(routed.message().largeMessage()).isTrue();
        assertThat(routed.sender()).isEqualTo("sip:carol@example.com");
        assertThat(((RoutedMessage) keyed(Topics.ROUTED_MESSAGES, pagerFromAlice))
                        .message()
                        .largeMessage())
                .isFalse();
    }

    @Test
    void deferPreferenceForALargeMessageMakesTheEdgeTheEndpointAndDefersNothingYet() throws Exception {
        putJson(URI.create(base() + "/api/v1/users/sip%3Akate%40example.com/preferences"), "{\"handling\":\"defer\"}")
                .expectStatus()
                .is2xxSuccessful();
        String id = UUID.randomUUID().toString();
        var invite = new InboundMessage(
                id,
                new ReplyAddress(Topics.EDGE_COMMANDS, 9),
                Instant.now(),
                "sip:kate@example.com",
                "sip:kate@example.com",
                "<sip:carol@example.com>;tag=1",
                "<sip:kate@example.com>",
                "call-" + id,
                List.of("<sip:carol@example.com>"),
                "application/sdp",
                "v=0\r\n".getBytes(UTF_8),
                List.of(),
                null,
                InboundMessage.Mode.LARGE_MESSAGE);

        publish(Topics.INBOUND_MESSAGES, invite.recipient(), codec.encode(invite));

        var command = (DeferLargeMessageCommand) codec.decode(
                readAll(new TopicPartition(Topics.EDGE_COMMANDS, 9), 1).get(0));
        assertThat(command.correlationId()).isEqualTo(id);
        assertThat(command.deferral().reason()).isEqualTo(MessageDeferred.Reason.PREFERENCE);
        assertThat(command.sender()).isEqualTo("sip:carol@example.com");
        assertThat(command.deferral().expiresAt()).isEqualTo(invite.receivedAt().plus(Duration.ofDays(7)));
        // The content does not exist yet: the edge publishes it once received, and the deferral follows from there.
        assertThat(peek(new TopicPartition(Topics.DEFERRALS, partitionOf(invite.recipient())), invite))
                .isEmpty();
    }

    private static InboundMessage largeMessage(String assertedIdentity, String from, SipHeader... headers) {
        String id = UUID.randomUUID().toString();
        return new InboundMessage(
                id,
                new ReplyAddress(Topics.EDGE_COMMANDS, 7),
                Instant.now(),
                "sip:erin@example.com",
                "sip:erin@example.com",
                from + ";tag=" + id,
                "<sip:erin@example.com>",
                "call-" + id,
                List.of(assertedIdentity),
                "application/sdp",
                "v=0\r\n".getBytes(UTF_8),
                List.of(headers),
                null,
                InboundMessage.Mode.LARGE_MESSAGE);
    }

    @Test
    void aMessageWaitsOutARedisOutageAndIsDecidedWhenItIsBackNeverDeadLettered() throws Exception {
        var message = message("sip:olga@example.com", "<sip:alice@example.com>", 6);
        redis.stop();
        try {
            publish(Topics.INBOUND_MESSAGES, message.recipient(), codec.encode(message));
            // Longer than the bounded retries (3 × 200 ms) that would dead-letter an ordinary failure.
            Thread.sleep(2_000);
            var partition = partitionOf(message.recipient());
            assertThat(peek(new TopicPartition(Topics.ROUTED_MESSAGES, partition), message))
                    .isEmpty();
        } finally {
            redis.restart();
        }

        var routed = (RoutedMessage) keyed(Topics.ROUTED_MESSAGES, message);
        assertThat(routed.handling()).isEqualTo(RoutedMessage.Handling.DELIVER);
        assertThat(peek(
                        new TopicPartition(
                                Topics.deadLetter(Topics.INBOUND_MESSAGES), partitionOf(message.recipient())),
                        message))
                .isEmpty();
    }

    @Test
    void oneUsersMessagesLeaveInTheOrderTheyCameWhenDecidedTogether() throws Exception {
        List<InboundMessage> sent = new ArrayList<>();
        try (var producer = new KafkaProducer<String, byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                brokers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.LINGER_MS_CONFIG,
                50))) {
            // One producer batch, so that the listener gets them in one poll.
            for (int i = 0; i < 40; i++) {
                var message = message("sip:pat@example.com", "<sip:alice@example.com>", 6);
                sent.add(message);
                producer.send(
                        new ProducerRecord<>(Topics.INBOUND_MESSAGES, message.recipient(), codec.encode(message)));
            }
        }
        var last = sent.get(sent.size() - 1);
        keyed(Topics.ROUTED_MESSAGES, last);

        var partition = new TopicPartition(Topics.ROUTED_MESSAGES, partitionOf(last.recipient()));
        var correlationIds = sent.stream().map(InboundMessage::correlationId).toList();
        List<String> routed = readAll(partition, 1).stream()
                .map(codec::decode)
                .map(CpmEvent::correlationId)
                .filter(correlationIds::contains)
                .distinct()
                .toList();
        assertThat(routed).containsExactlyElementsOf(correlationIds);
    }

    /** What the partition holds for {@code message} right now, without waiting for it. */
    private List<CpmEvent> peek(TopicPartition partition, InboundMessage message) {
        try (var consumer = new KafkaConsumer<String, byte[]>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<CpmEvent> found = new ArrayList<>();
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    var event = record.value() == null ? null : decodeOrNull(record.value());
                    if (event != null && event.correlationId().equals(message.correlationId())) {
                        found.add(event);
                    }
                }
            }
            return found;
        }
    }

    private CpmEvent decodeOrNull(byte[] value) {
        try {
            return codec.decode(value);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The event for {@code message} on a topic keyed by recipient, found among whatever else the partition holds. */
    private CpmEvent keyed(String topic, InboundMessage message) {
        var partition = new TopicPartition(topic, partitionOf(message.recipient()));
        List<CpmEvent> found = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            found.clear();
            readAll(partition, 1).stream()
                    .map(codec::decode)
                    .filter(event -> event.correlationId().equals(message.correlationId()))
                    .forEach(found::add);
            return !found.isEmpty();
        });
        return found.get(0);
    }

    @Test
    void undecodableRecordGoesToTheDeadLetterTopicUnchanged() throws Exception {
        byte[] poison = "{\"type\":\"no-such-event\"}".getBytes(UTF_8);
        String key = "sip:poison@example.com";
        int partition = partitionOf(key);

        publish(Topics.INBOUND_MESSAGES, key, poison);

        var deadLetters = readAll(new TopicPartition(Topics.deadLetter(Topics.INBOUND_MESSAGES), partition), 1);
        assertThat(deadLetters).anySatisfy(value -> assertThat(value).isEqualTo(poison));
    }

    private int partitionOf(String key) {
        return org.apache.kafka.common.utils.Utils.toPositive(
                        org.apache.kafka.common.utils.Utils.murmur2(key.getBytes(UTF_8)))
                % 12;
    }

    private static void publish(String topic, String key, byte[] value) throws Exception {
        try (var producer = new KafkaProducer<String, byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    private static List<byte[]> readAll(TopicPartition partition, int atLeast) {
        try (var consumer = new KafkaConsumer<String, byte[]>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<byte[]> values = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                return values.size() >= atLeast;
            });
            return values;
        }
    }
}
