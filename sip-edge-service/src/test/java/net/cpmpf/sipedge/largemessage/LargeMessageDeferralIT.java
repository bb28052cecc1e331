package net.cpmpf.sipedge.largemessage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static net.cpmpf.sipedge.largemessage.LargeMessageRelayIT.clientAnswer;
import static net.cpmpf.sipedge.largemessage.LargeMessageRelayIT.freeUdpAndTcpPort;
import static net.cpmpf.sipedge.largemessage.LargeMessageRelayIT.offer;
import static net.cpmpf.sipedge.largemessage.LargeMessageRelayIT.pathOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sip.message.Response;
import net.cpmpf.events.CpmEvent;
import net.cpmpf.events.DeferLargeMessageCommand;
import net.cpmpf.events.EdgeCommand;
import net.cpmpf.events.EventCodec;
import net.cpmpf.events.ForkCommand;
import net.cpmpf.events.ForkTarget;
import net.cpmpf.events.InboundMessage;
import net.cpmpf.events.LargeMessageDeferred;
import net.cpmpf.events.MessageDeferred;
import net.cpmpf.events.RequestOutcome;
import net.cpmpf.events.SendLargeMessageCommand;
import net.cpmpf.events.SipHeader;
import net.cpmpf.events.Topics;
import net.cpmpf.msrp.Continuation;
import net.cpmpf.msrp.MsrpRequest;
import net.cpmpf.msrp.MsrpResponse;
import net.cpmpf.msrp.MsrpUri;
import net.cpmpf.msrp.RecordingLeakDetector;
import net.cpmpf.sipedge.SipEdgeApplication;
import net.cpmpf.sipedge.msrp.MsrpNode;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The PF as the MSRP endpoint of a deferred large message (CR 8.3.2.1.1), with real sockets and a real broker: the
 * test plays policy and delivery (it answers the INVITE's {@link InboundMessage} with a fork whose branches all fail,
 * or with a {@link DeferLargeMessageCommand}) and reads what the edge publishes to {@link
 * Topics#LARGE_MESSAGE_CONTENTS}. Every test ends with the edge holding nothing and no buffer leaked.
 */
class LargeMessageDeferralIT {

    private static final int REPLY_PARTITION = 2;
    private static final int MAX_DEFERRED = 6 * 1024 * 1024;
    private static final EventCodec CODEC = new EventCodec();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration MEDIA_TIMEOUT = Duration.ofSeconds(3);
    private static final List<String> LARGE_MESSAGE = List.of("Accept-Contact: *;+g.oma.sip-im.large-message");

    private static EmbeddedKafkaKraftBroker broker;
    private static ConfigurableApplicationContext edge;
    private static KafkaConsumer<String, byte[]> consumer;
    private static KafkaProducer<String, byte[]> commands;
    private static int sipPort;
    private static MsrpNode msrp;
    private static LargeMessageHandler b2bua;

    @BeforeAll
    static void start() throws Exception {
        assertThat(RecordingLeakDetector.active()).isTrue();
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.afterPropertiesSet();
        sipPort = freeUdpAndTcpPort();
        edge = SipEdgeApplication.application()
                .run(
                        "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                        "--server.port=0",
                        "--cpm.edge.sip.port=" + sipPort,
                        "--cpm.edge.msrp.port=0",
                        "--cpm.edge.msrp.media-timeout=" + MEDIA_TIMEOUT.toMillis() + "ms",
                        "--cpm.edge.large-message.max-deferred-size=" + MAX_DEFERRED + "B",
                        "--cpm.edge.backbone.reply-timeout=20s",
                        "--cpm.edge.backbone.reply-partition=" + REPLY_PARTITION);
        msrp = edge.getBean(MsrpNode.class);
        b2bua = edge.getBean(LargeMessageHandler.class);
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(Topics.INBOUND_MESSAGES, Topics.LARGE_MESSAGE_CONTENTS, Topics.REQUEST_OUTCOMES)) {
            Awaitility.await().atMost(WAIT).until(() -> !consumer.partitionsFor(topic)
                    .isEmpty());
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        commands = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString(),
                // A SendLargeMessageCommand carries the whole message.
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                16 * 1024 * 1024,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class));
    }

    @AfterAll
    static void stop() {
        commands.close();
        consumer.close();
        edge.close();
        broker.destroy();
    }

    @AfterEach
    void edgeHoldsNothing() {
        Awaitility.await().atMost(WAIT).untilAsserted(() -> {
            assertThat(b2bua.sessionCount()).as("B2BUA sessions").isZero();
            assertThat(msrp.sessionCount()).as("MSRP sessions").isZero();
            assertThat(msrp.openConnections()).as("MSRP connections").isZero();
        });
        assertThat(RecordingLeakDetector.collect()).as("leaked buffers").isEmpty();
    }

    @Test
    void allBranchesFailingMakesThePfTheEndpointAndFiveMegabytesArePublishedByteExact() throws Exception {
        byte[] content = new byte[5 * 1024 * 1024];
        new Random(11).nextBytes(content);
        try (var busy = new SipTestUa("bob-busy", invite -> new SipTestUa.Answer(486, Duration.ZERO, null));
                var gone = new SipTestUa("bob-gone", invite -> new SipTestUa.Answer(480, Duration.ZERO, null));
                var alicesMedia = MsrpTestPeer.connecting();
                var alice = new SipTestUa("alice", invite -> null, sipPort)) {

            alice.invite("sip:bob@example.com", offer(alicesMedia.uri), LARGE_MESSAGE);
            InboundMessage published = next(InboundMessage.class);
            MessageDeferred deferral = deferral(published, MessageDeferred.Reason.ALL_FORKS_FAILED);
            answer(
                    published,
                    new ForkCommand(
                            published.correlationId(),
                            List.of(new ForkTarget(busy.uri(), "urn:uuid:1"), new ForkTarget(gone.uri(), "urn:uuid:2")),
                            deferral,
                            "sip:alice@example.com",
                            false));

            Response ok = alice.finalResponse(WAIT);
            assertThat(ok.getStatusCode()).isEqualTo(200);
            busy.next("INVITE", WAIT);
            gone.next("INVITE", WAIT);
            String answer = SipTestUa.body(ok);
            List<MsrpUri> path = pathOf(answer);
            assertThat(path).as("the PF alone: it is the endpoint").hasSize(1);
            assertThat(path.get(0).port()).isEqualTo(msrp.port());
            assertThat(answer)
                    .contains(
                            "m=message " + msrp.port() + " TCP/MSRP *",
                            "a=accept-types:message/cpim",
                            "a=max-size:" + MAX_DEFERRED,
                            "a=recvonly",
                            "a=setup:passive");
            assertThat(SipTestUa.header(ok, "Server")).startsWith("CPM-serv/OMA2.0");
            alice.ack(ok);

            alicesMedia.connect(path.get(0));
            alicesMedia.send(content, path, 256 * 1024);
            for (int i = 0; i < 20; i++) {
                MsrpResponse response = alicesMedia.responses.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                assertThat(response).as("200 for chunk " + i).isNotNull();
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.toPath()).containsExactly(alicesMedia.uri);
            }
            MsrpRequest report = alicesMedia.reports.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(report).as("success REPORT").isNotNull();
            assertThat(report.headers().status().orElseThrow().code()).isEqualTo(200);
            assertThat(report.headers().byteRange().orElseThrow().toString())
                    .isEqualTo("1-" + content.length + "/" + content.length);
            assertThat(report.fromPath()).containsExactly(path.get(0));

            // Acknowledged only once on the backbone: the record is there to read now.
            LargeMessageDeferred stored = next(LargeMessageDeferred.class);
            assertThat(stored.deferral()).usingRecursiveComparison().isEqualTo(deferral);
            assertThat(stored.contentType()).isEqualTo("message/cpim");
            assertThat(stored.content()).isEqualTo(content);

            alice.bye();
            assertThat(alice.finalResponse(WAIT).getStatusCode()).isEqualTo(200);
            Awaitility.await().atMost(WAIT).until(() -> !alicesMedia.connectedAndOpen());
        }
    }

    @Test
    void aDeferCommandMakesThePfTheEndpointAtOnceAndAnInterruptedMessageIsDropped() throws Exception {
        byte[] content = "CPIM message kept for later".getBytes(UTF_8);
        try (var alicesMedia = MsrpTestPeer.connecting();
                var alice = new SipTestUa("alice", invite -> null, sipPort)) {
            alice.invite("sip:bob@example.com", offer(alicesMedia.uri), LARGE_MESSAGE);
            InboundMessage published = next(InboundMessage.class);
            MessageDeferred deferral = deferral(published, MessageDeferred.Reason.PREFERENCE);
            answer(published, new DeferLargeMessageCommand(published.correlationId(), deferral));

            Response ok = alice.finalResponse(WAIT);
            assertThat(ok.getStatusCode()).isEqualTo(200);
            alice.ack(ok);
            List<MsrpUri> path = pathOf(SipTestUa.body(ok));
            alicesMedia.connect(path.get(0));

            alicesMedia.sendFirstChunk("abandoned part".getBytes(UTF_8), path, 1000, Continuation.ABORTED);
            MsrpResponse interrupted = alicesMedia.responses.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(interrupted).isNotNull();
            assertThat(interrupted.status()).isEqualTo(200);

            alicesMedia.send(content, path, 10);
            for (int i = 0; i < 3; i++) {
                MsrpResponse response = alicesMedia.responses.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                assertThat(response).isNotNull();
                assertThat(response.status()).isEqualTo(200);
            }
            assertThat(alicesMedia.reports.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                    .isNotNull();
            LargeMessageDeferred stored = next(LargeMessageDeferred.class);
            assertThat(stored.content()).isEqualTo(content);
            assertThat(stored.deferral().reason()).isEqualTo(MessageDeferred.Reason.PREFERENCE);

            alice.bye();
            assertThat(alice.finalResponse(WAIT).getStatusCode()).isEqualTo(200);
        }
    }

    @Test
    void aMessageLargerThanThePfKeepsGets413AndABye() throws Exception {
        byte[] content = new byte[MAX_DEFERRED + 1];
        try (var alicesMedia = MsrpTestPeer.connecting();
                var alice = new SipTestUa("alice", invite -> null, sipPort)) {
            alice.invite("sip:bob@example.com", offer(alicesMedia.uri), LARGE_MESSAGE);
            InboundMessage published = next(InboundMessage.class);
            answer(
                    published,
                    new DeferLargeMessageCommand(
                            published.correlationId(), deferral(published, MessageDeferred.Reason.PREFERENCE)));
            Response ok = alice.finalResponse(WAIT);
            alice.ack(ok);
            List<MsrpUri> path = pathOf(SipTestUa.body(ok));
            alicesMedia.connect(path.get(0));
            alicesMedia.send(content, path, 1024 * 1024);

            MsrpResponse refused = alicesMedia.responses.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(refused).isNotNull();
            assertThat(refused.status()).isEqualTo(413);
            alice.next("BYE", WAIT);
            Awaitility.await().atMost(WAIT).until(() -> !alicesMedia.connectedAndOpen());
            assertThat(nothingPublished(Duration.ofSeconds(2))).isTrue();
        }
    }

    @Test
    void theOriginatorsByeBeforeTheLastChunkDefersNothing() throws Exception {
        try (var alicesMedia = MsrpTestPeer.connecting();
                var alice = new SipTestUa("alice", invite -> null, sipPort)) {
            alice.invite("sip:bob@example.com", offer(alicesMedia.uri), LARGE_MESSAGE);
            InboundMessage published = next(InboundMessage.class);
            answer(
                    published,
                    new DeferLargeMessageCommand(
                            published.correlationId(), deferral(published, MessageDeferred.Reason.PREFERENCE)));
            Response ok = alice.finalResponse(WAIT);
            alice.ack(ok);
            List<MsrpUri> path = pathOf(SipTestUa.body(ok));
            alicesMedia.connect(path.get(0));
            // One chunk of a message of 1000 bytes, never finished.
            alicesMedia.sendFirstChunk(new byte[100], path, 1000, Continuation.MORE);
            alicesMedia.responses.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);

            alice.bye();
            assertThat(alice.finalResponse(WAIT).getStatusCode()).isEqualTo(200);
            Awaitility.await().atMost(WAIT).until(() -> !alicesMedia.connectedAndOpen());
            assertThat(nothingPublished(Duration.ofSeconds(2))).isTrue();
        }
    }

    @Test
    void noMediaWithinTheTimeoutEndsTheSession() throws Exception {
        try (var alicesMedia = MsrpTestPeer.connecting();
                var alice = new SipTestUa("alice", invite -> null, sipPort)) {
            alice.invite("sip:bob@example.com", offer(alicesMedia.uri), LARGE_MESSAGE);
            InboundMessage published = next(InboundMessage.class);
            answer(
                    published,
                    new DeferLargeMessageCommand(
                            published.correlationId(), deferral(published, MessageDeferred.Reason.PREFERENCE)));
            Response ok = alice.finalResponse(WAIT);
            alice.ack(ok);
            long answeredAt = System.nanoTime();

            alice.next("BYE", WAIT);
            assertThat(Duration.ofNanos(System.nanoTime() - answeredAt)).isGreaterThan(MEDIA_TIMEOUT.minusMillis(500));
        }
    }

    @Test
    void laterDeliverySendsFiveMegabytesByteExactAsInviteAndMsrpAndReportsTheOutcome() throws Exception {
        byte[] content = new byte[5 * 1024 * 1024];
        new Random(13).nextBytes(content);
        try (var media = MsrpTestPeer.listening();
                var bob = new SipTestUa(
                        "bob", invite -> new SipTestUa.Answer(200, Duration.ZERO, clientAnswer(media.uri)))) {
            var command = command("redelivery:m5:urn:uuid:phone", bob.uri(), content);

            commands.send(new ProducerRecord<>(
                            Topics.EDGE_COMMANDS, REPLY_PARTITION, command.key(), CODEC.encode(command)))
                    .get();

            var invite = bob.next("INVITE", WAIT);
            String offer = SipTestUa.body(invite);
            assertThat(offer).contains("a=setup:active", "a=sendonly", "a=accept-types:message/cpim");
            assertThat(pathOf(offer)).hasSize(1).first().satisfies(uri -> assertThat(uri.port())
                    .isEqualTo(msrp.port()));
            assertThat(SipTestUa.header(invite, "Accept-Contact")).contains("+g.oma.sip-im.large-message");
            assertThat(SipTestUa.header(invite, "From")).contains("sip:alice@example.com");
            assertThat(SipTestUa.header(invite, "Conversation-ID")).isEqualTo("conv-1");
            bob.next("ACK", WAIT);

            RequestOutcome outcome = next(RequestOutcome.class);
            assertThat(outcome.correlationId()).isEqualTo(command.correlationId());
            assertThat(outcome.purpose()).isEqualTo("redelivery");
            assertThat(outcome.key()).isEqualTo("sip:bob@example.com");
            assertThat(outcome.status()).isEqualTo(200);
            assertThat(media.completeMessages).hasValue(1);
            assertThat(media.received.toByteArray()).isEqualTo(content);
            assertThat(media.sends).hasSize(20);
            assertThat(media.sends.get(0).toPath()).containsExactly(media.uri);
            bob.next("BYE", WAIT);
        }
    }

    @Test
    void laterDeliveryToADeviceThatRefusesReportsItsStatus() throws Exception {
        try (var bob = new SipTestUa("bob", invite -> new SipTestUa.Answer(486, Duration.ZERO, null))) {
            var command = command("redelivery:m6:urn:uuid:phone", bob.uri(), "x".getBytes(UTF_8));

            commands.send(new ProducerRecord<>(
                            Topics.EDGE_COMMANDS, REPLY_PARTITION, command.key(), CODEC.encode(command)))
                    .get();

            bob.next("INVITE", WAIT);
            RequestOutcome outcome = next(RequestOutcome.class);
            assertThat(outcome.correlationId()).isEqualTo(command.correlationId());
            assertThat(outcome.status()).isEqualTo(486);
        }
    }

    private static SendLargeMessageCommand command(String correlationId, String device, byte[] content) {
        return new SendLargeMessageCommand(
                correlationId,
                "redelivery",
                "sip:bob@example.com",
                device,
                "<sip:alice@example.com>",
                "<sip:bob@example.com>",
                List.of(
                        new SipHeader("Conversation-ID", "conv-1"),
                        new SipHeader("Accept-Contact", "*;+g.oma.sip-im.large-message"),
                        new SipHeader("Session-Expires", "1800")),
                "message/cpim",
                content);
    }

    private static MessageDeferred deferral(InboundMessage message, MessageDeferred.Reason reason) {
        return MessageDeferred.of(
                message, "sip:alice@example.com", Instant.now().plus(Duration.ofDays(7)), reason);
    }

    private static <T extends CpmEvent> T next(Class<T> type) {
        var found = new CompletableFuture<T>();
        Awaitility.await().atMost(WAIT).until(() -> {
            for (var record : consumer.poll(Duration.ofMillis(200))) {
                CpmEvent event = CODEC.decode(record.value());
                if (type.isInstance(event)) {
                    found.complete(type.cast(event));
                }
            }
            return found.isDone();
        });
        return found.join();
    }

    private static boolean nothingPublished(Duration during) {
        long deadline = System.nanoTime() + during.toNanos();
        while (System.nanoTime() < deadline) {
            for (var record : consumer.poll(Duration.ofMillis(200))) {
                if (record.topic().equals(Topics.LARGE_MESSAGE_CONTENTS)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void answer(InboundMessage message, EdgeCommand command) throws Exception {
        commands.send(new ProducerRecord<>(
                        message.replyTo().topic(),
                        message.replyTo().partition(),
                        message.recipient(),
                        CODEC.encode(command)))
                .get();
    }
}
