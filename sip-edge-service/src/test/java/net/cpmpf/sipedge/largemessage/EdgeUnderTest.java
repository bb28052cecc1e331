package net.cpmpf.sipedge.largemessage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import net.cpmpf.events.CpmEvent;
import net.cpmpf.events.EdgeCommand;
import net.cpmpf.events.EventCodec;
import net.cpmpf.events.InboundMessage;
import net.cpmpf.events.Topics;
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
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real edge on a real KRaft broker, for the Large Message Mode ITs: the test plays policy and delivery (it reads
 * what the edge publishes on the topics it names, and answers on the edge's reply partition), and checks after each
 * test that the edge holds no session, connection or buffer.
 */
final class EdgeUnderTest implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(30);
    private static final EventCodec CODEC = new EventCodec();

    final int sipPort;
    final MsrpNode msrp;
    final LargeMessageHandler b2bua;
    private final EmbeddedKafkaKraftBroker broker;
    private final ConfigurableApplicationContext edge;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> commands;

    /**
     * @param topics what the test reads, from the moment the edge is up
     * @param properties further {@code --name=value} settings of the edge
     */
    static EdgeUnderTest start(List<String> topics, String... properties) throws IOException {
        assertThat(RecordingLeakDetector.active())
                .as("paranoid leak detection with reports")
                .isTrue();
        var broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.afterPropertiesSet();
        return new EdgeUnderTest(broker, freeUdpAndTcpPort(), topics, properties);
    }

    private EdgeUnderTest(EmbeddedKafkaKraftBroker broker, int sipPort, List<String> topics, String... properties) {
        this.broker = broker;
        this.sipPort = sipPort;
        List<String> args = new ArrayList<>(List.of(
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--server.port=0",
                "--cpm.edge.sip.port=" + sipPort,
                "--cpm.edge.msrp.port=0",
                // Generous: the first publish fetches metadata, slow on a loaded machine.
                "--cpm.edge.backbone.reply-timeout=20s"));
        args.addAll(List.of(properties));
        this.edge = SipEdgeApplication.application().run(args.toArray(String[]::new));
        this.msrp = edge.getBean(MsrpNode.class);
        this.b2bua = edge.getBean(LargeMessageHandler.class);
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            Awaitility.await().atMost(WAIT).until(() -> !consumer.partitionsFor(topic)
                    .isEmpty());
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        this.commands = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString(),
                // A SendLargeMessageCommand carries a whole message.
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                16 * 1024 * 1024,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class));
    }

    /** The next event of this type the edge publishes on the topics read; others are skipped. */
    <T extends CpmEvent> T next(Class<T> type) {
        var found = new CompletableFuture<T>();
        Awaitility.await().atMost(WAIT).until(() -> {
            for (var record : consumer.poll(Duration.ofMillis(200))) {
                CpmEvent event = CODEC.decode(record.value());
                if (type.isInstance(event) && !found.isDone()) {
                    found.complete(type.cast(event));
                }
            }
            return found.isDone();
        });
        return found.join();
    }

    /** Whether nothing reaches {@code topic} for {@code during}. */
    boolean nothingOn(String topic, Duration during) {
        long deadline = System.nanoTime() + during.toNanos();
        while (System.nanoTime() < deadline) {
            for (var record : consumer.poll(Duration.ofMillis(200))) {
                if (record.topic().equals(topic)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Sends a command to the edge that published {@code message}, as policy or delivery would. */
    void answer(InboundMessage message, EdgeCommand command) throws Exception {
        commands.send(new ProducerRecord<>(
                        message.replyTo().topic(),
                        message.replyTo().partition(),
                        message.recipient(),
                        CODEC.encode(command)))
                .get();
    }

    /** Sends a command to the edge that owns this partition of the command topic, as the defer service would. */
    void command(int partition, String key, EdgeCommand command) throws Exception {
        commands.send(new ProducerRecord<>(Topics.EDGE_COMMANDS, partition, key, CODEC.encode(command)))
                .get();
    }

    /** No B2BUA or MSRP session, no MSRP connection, no leaked buffer: what every test must leave. */
    void assertHoldsNothing() {
        Awaitility.await().atMost(WAIT).untilAsserted(() -> {
            assertThat(b2bua.sessionCount()).as("B2BUA sessions").isZero();
            assertThat(msrp.sessionCount()).as("MSRP sessions").isZero();
            assertThat(msrp.openConnections()).as("MSRP connections").isZero();
        });
        assertThat(RecordingLeakDetector.collect()).as("leaked buffers").isEmpty();
    }

    @Override
    public void close() {
        commands.close();
        consumer.close();
        edge.close();
        broker.destroy();
    }

    static int freeUdpAndTcpPort() throws IOException {
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
