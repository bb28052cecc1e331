package net.cpmpf.sipedge.pager;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import net.cpmpf.events.EventCodec;
import net.cpmpf.events.FinalResponseCommand;
import net.cpmpf.events.InboundMessage;
import net.cpmpf.events.SipHeader;
import net.cpmpf.events.Topics;
import net.cpmpf.sipedge.SipEdgeApplication;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The edge's request/reply over a real broker, driven through a real SIP socket. The test plays the policy service:
 * it reads what the edge published and answers on the edge's reply partition. Then nobody answers, and at last the
 * broker goes away: the originator must still get a final response within the reply timeout.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PagerBackboneIT {

    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(2);
    private static final int REPLY_PARTITION = 2;
    private static final EventCodec CODEC = new EventCodec();

    private static EmbeddedKafkaKraftBroker broker;
    private static ConfigurableApplicationContext edge;
    private static KafkaConsumer<String, byte[]> inbound;
    private static int sipPort;

    @BeforeAll
    static void start() throws Exception {
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.afterPropertiesSet();
        sipPort = freeUdpAndTcpPort();
        edge = SipEdgeApplication.application()
                .run(
                        "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                        "--server.port=0",
                        "--cpm.edge.sip.port=" + sipPort,
                        // 2855 belongs to the local stack.
                        "--cpm.edge.msrp.port=0",
                        "--cpm.edge.backbone.reply-timeout=" + REPLY_TIMEOUT.toMillis() + "ms",
                        "--cpm.edge.backbone.retry-after=7s",
                        "--cpm.edge.backbone.reply-partition=" + REPLY_PARTITION);
        inbound = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
        // Assigned, not subscribed: a group join could take longer than the edge's reply timeout.
        var partitions = inbound.partitionsFor(Topics.INBOUND_MESSAGES).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        inbound.assign(partitions);
        inbound.seekToBeginning(partitions);
        // Answers come back on the edge's partition. Its listener is assigned the partition at once, but only reads it
        // once the topic exists and it has found its position; until then a first answer could miss the 2 s reply
        // timeout, which is not what these tests are about. So an answer nobody waits for goes first, and the tests
        // start once the edge has read it (its group's committed offset moves past it).
        publishCommand(new FinalResponseCommand("warm-up", 200, "OK", List.of(), null, null));
        var partition = new TopicPartition(Topics.EDGE_COMMANDS, REPLY_PARTITION);
        try (var admin =
                AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                var offsets = admin.listConsumerGroupOffsets(
                                edge.getEnvironment().getProperty("spring.application.name") + "-" + REPLY_PARTITION)
                        .partitionsToOffsetAndMetadata()
                        .get();
                var committed = offsets.get(partition);
                return committed != null && committed.offset() >= 1;
            });
        }
    }

    @AfterAll
    static void stop() {
        inbound.close();
        edge.close();
        broker.destroy();
    }

    @Test
    @Order(1)
    void messageIsPublishedAndTheDecisionIsRelayed() throws Exception {
        try (var client = new SipUdpClient(sipPort)) {
            client.send(client.message("sip:Bob@Example.COM;user=phone", "hello bob"));

            InboundMessage published = nextInboundMessage();
            assertThat(published.recipient()).isEqualTo("sip:Bob@example.com");
            assertThat(published.replyTo().partition()).isEqualTo(REPLY_PARTITION);
            assertThat(new String(published.body(), UTF_8)).isEqualTo("hello bob");
            assertThat(published.contentType()).startsWith("text/plain");
            assertThat(published.header("Expires")).contains("300");
            assertThat(published.from()).contains("sip:alice@example.com");

            answer(
                    published,
                    new FinalResponseCommand(
                            published.correlationId(),
                            403,
                            "Forbidden",
                            List.of(new SipHeader("Warning", "399 pf.example.com \"122 Function not allowed\"")),
                            null,
                            null));

            String response = client.finalResponse(Duration.ofSeconds(10));
            assertThat(response).startsWith("SIP/2.0 403 Forbidden");
            assertThat(response).contains("122 Function not allowed");
        }
    }

    @Test
    @Order(2)
    void noDecisionInTimeIsAnswered503WithRetryAfter() throws Exception {
        try (var client = new SipUdpClient(sipPort)) {
            long started = System.nanoTime();
            client.send(client.message("sip:carol@example.com", "nobody decides"));

            String response = client.finalResponse(REPLY_TIMEOUT.plusSeconds(5));

            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(response).startsWith("SIP/2.0 503");
            assertThat(response).containsIgnoringCase("Retry-After: 7");
            assertThat(took).isBetween(REPLY_TIMEOUT.minusMillis(100), REPLY_TIMEOUT.plusSeconds(2));
        }
    }

    @Test
    @Order(3)
    void brokerStoppedStillGets503WithinTheTimeout() throws Exception {
        broker.destroy();
        try (var client = new SipUdpClient(sipPort)) {
            long started = System.nanoTime();
            client.send(client.message("sip:dave@example.com", "broker is gone"));

            String response = client.finalResponse(REPLY_TIMEOUT.plusSeconds(5));

            assertThat(response).startsWith("SIP/2.0 503");
            assertThat(response).containsIgnoringCase("Retry-After");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(REPLY_TIMEOUT.plusSeconds(2));
        }
    }

    private static InboundMessage nextInboundMessage() {
        var found = new CompletableFuture<InboundMessage>();
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> {
            for (var record : inbound.poll(Duration.ofMillis(200))) {
                found.complete((InboundMessage) CODEC.decode(record.value()));
            }
            return found.isDone();
        });
        return found.join();
    }

    private static void publishCommand(FinalResponseCommand command) throws Exception {
        try (var producer = new KafkaProducer<String, byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            producer.send(new ProducerRecord<>(Topics.EDGE_COMMANDS, REPLY_PARTITION, "warm-up", CODEC.encode(command)))
                    .get();
        }
    }

    private static void answer(InboundMessage message, FinalResponseCommand command) throws Exception {
        try (var producer = new KafkaProducer<String, byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            producer.send(new ProducerRecord<>(
                            message.replyTo().topic(),
                            message.replyTo().partition(),
                            message.recipient(),
                            CODEC.encode(command)))
                    .get();
        }
    }

    /** A port free for both UDP and TCP, since the edge binds both. */
    private static int freeUdpAndTcpPort() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (var tcp = new ServerSocket(0)) {
                int port = tcp.getLocalPort();
                try (var udp = new DatagramSocket(port)) {
                    return port;
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IOException("no port free for both UDP and TCP");
    }
}
