package net.cpmpf.delivery.deferral;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import net.cpmpf.delivery.DeliveryApplication;
import net.cpmpf.delivery.store.DeferredContentStore;
import net.cpmpf.events.CpmEvent;
import net.cpmpf.events.EventCodec;
import net.cpmpf.events.InboundMessage;
import net.cpmpf.events.LargeMessageDeferred;
import net.cpmpf.events.LargeMessageRedelivery;
import net.cpmpf.events.LargeMessageRemoval;
import net.cpmpf.events.MessageDeferred;
import net.cpmpf.events.ReplyAddress;
import net.cpmpf.events.RequestOutcome;
import net.cpmpf.events.SendLargeMessageCommand;
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
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * The delivery service keeping a deferred large message's content, with a real broker, a real redis-server and
 * GreenMail IMAP, driven only through Kafka: the content lands in the user's store once even when the event comes
 * twice, and the metadata-only deferral follows each time.
 */
@EmbeddedKafka
class DeferredContentIT {

    private static final String USER = "bob@example.com";
    private static final String PASSWORD = "cpm";
    private static final EventCodec CODEC = new EventCodec();

    private static final ReplyAddress EDGE = new ReplyAddress(Topics.EDGE_COMMANDS, 3);

    private static String brokers;
    private static LocalRedis redis;
    private static GreenMail imap;
    private static ConfigurableApplicationContext delivery;
    private static KafkaProducer<String, byte[]> producer;
    private static KafkaConsumer<String, byte[]> deferrals;

    @BeforeAll
    static void start(EmbeddedKafkaBroker broker) throws Exception {
        redis = LocalRedis.start();
        imap = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort());
        imap.start();
        imap.setUser(USER, USER, PASSWORD);
        brokers = broker.getBrokersAsString();
        delivery = DeliveryApplication.application()
                .run(
                        "--spring.kafka.bootstrap-servers=" + brokers,
                        "--server.port=0",
                        "--spring.data.redis.host=127.0.0.1",
                        "--spring.data.redis.port=" + redis.port(),
                        "--cpm.delivery.store.port=" + imap.getImap().getPort(),
                        "--cpm.delivery.store.password=" + PASSWORD,
                        // Generous: this machine is shared, and a loaded GreenMail answers slowly.
                        "--cpm.delivery.store.read-timeout=15s",
                        "--cpm.delivery.store.write-timeout=15s");
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                brokers,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                16 * 1024 * 1024,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class));
        deferrals = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                brokers,
                ConsumerConfig.GROUP_ID_CONFIG,
                "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class));
        deferrals.subscribe(List.of(Topics.DEFERRALS));
    }

    @AfterAll
    static void stop() throws Exception {
        deferrals.close();
        producer.close();
        delivery.close();
        imap.stop();
        redis.close();
    }

    @Test
    void theContentIsStoredOnceByteExactAndTheDeferralCarriesOnlyItsReference() throws Exception {
        byte[] content = new byte[3 * 1024 * 1024];
        new Random(5).nextBytes(content);
        var deferral = deferral();
        var event = new LargeMessageDeferred(deferral, "msrp-id-1", "message/cpim", content);

        // The same record twice, as after an edge's retry or a consumer's crash before its commit.
        for (int i = 0; i < 2; i++) {
            producer.send(new ProducerRecord<>(Topics.LARGE_MESSAGE_CONTENTS, USER, CODEC.encode(event)))
                    .get();
        }

        List<MessageDeferred> published = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            for (var record : deferrals.poll(Duration.ofMillis(200))) {
                CpmEvent decoded = CODEC.decode(record.value());
                if (decoded instanceof MessageDeferred d && d.messageUriId().equals(deferral.messageUriId())) {
                    assertThat(record.key()).isEqualTo(deferral.recipient());
                    published.add(d);
                }
            }
            return published.size() == 2;
        });
        for (MessageDeferred stored : published) {
            assertThat(stored.content()).isNotNull();
            assertThat(stored.content().size()).isEqualTo(content.length);
            assertThat(stored.content().contentType()).isEqualTo("message/cpim");
            assertThat(stored.content().folder()).isEqualTo("Deferred");
            assertThat(stored.size()).isEqualTo(content.length);
            assertThat(stored.message().body())
                    .as("no content in the metadata")
                    .isEqualTo(deferral.message().body());
            assertThat(stored.message().largeMessage()).isTrue();
        }

        List<byte[]> inStore = readFolder("Deferred");
        assertThat(inStore).as("stored once").hasSize(1);
        assertThat(inStore.get(0)).isEqualTo(content);

        var store = delivery.getBean(DeferredContentStore.class);
        var reference = published.get(0).content();
        assertThat(store.content(deferral.recipient(), reference))
                .hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(content));

        // Later delivery to a device: the edge gets the command with the content, byte-exact.
        var redelivery = new LargeMessageRedelivery(
                command("redelivery:" + deferral.messageUriId() + ":urn:uuid:phone"), reference, EDGE);
        producer.send(new ProducerRecord<>(Topics.LARGE_MESSAGE_REQUESTS, USER, CODEC.encode(redelivery)))
                .get();
        var sent = (SendLargeMessageCommand) next(new TopicPartition(Topics.EDGE_COMMANDS, EDGE.partition()));
        assertThat(sent.correlationId()).isEqualTo(redelivery.correlationId());
        assertThat(sent.requestUri()).isEqualTo("sip:bob@example.com;gr=urn:uuid:phone");
        assertThat(sent.content()).isEqualTo(content);

        // Every device has it (or it expired): the defer service asks for the content's removal.
        var removal = new LargeMessageRemoval(deferral.messageUriId(), deferral.recipient(), reference);
        producer.send(new ProducerRecord<>(Topics.LARGE_MESSAGE_REQUESTS, USER, CODEC.encode(removal)))
                .get();
        // A read that races the expunge fails: it is tried again.
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> readFolder("Deferred")
                .isEmpty());
        assertThat(store.content(deferral.recipient(), reference)).isEmpty();

        // Content that is gone: the device is freed at once by a 404 outcome, no command goes to the edge.
        var late = new LargeMessageRedelivery(
                command("redelivery:" + deferral.messageUriId() + ":urn:uuid:laptop"), reference, EDGE);
        producer.send(new ProducerRecord<>(Topics.LARGE_MESSAGE_REQUESTS, USER, CODEC.encode(late)))
                .get();
        var outcome = (RequestOutcome) next(new TopicPartition(Topics.REQUEST_OUTCOMES, partitionOf("sip:" + USER)));
        assertThat(outcome.correlationId()).isEqualTo(late.correlationId());
        assertThat(outcome.status()).isEqualTo(404);
        assertThat(outcome.purpose()).isEqualTo("redelivery");
    }

    private static SendLargeMessageCommand command(String correlationId) {
        return new SendLargeMessageCommand(
                correlationId,
                "redelivery",
                "sip:" + USER,
                "sip:bob@example.com;gr=urn:uuid:phone",
                "<sip:alice@example.com>",
                "<sip:bob@example.com>",
                List.of(),
                "message/cpim",
                null);
    }

    /** The next event on one partition, read from its current end as the test started reading. */
    private static CpmEvent next(TopicPartition partition) {
        try (var reader = new KafkaConsumer<String, byte[]>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            reader.assign(List.of(partition));
            reader.seekToBeginning(List.of(partition));
            List<CpmEvent> found = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                reader.poll(Duration.ofMillis(200)).forEach(r -> found.add(CODEC.decode(r.value())));
                return !found.isEmpty();
            });
            return found.get(found.size() - 1);
        }
    }

    private static int partitionOf(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(UTF_8))) % 12;
    }

    private static MessageDeferred deferral() {
        String id = UUID.randomUUID().toString();
        var invite = new InboundMessage(
                id,
                new ReplyAddress(Topics.EDGE_COMMANDS, 0),
                Instant.now(),
                "sip:" + USER,
                "sip:" + USER,
                "<sip:alice@example.com>;tag=1",
                "<sip:" + USER + ">",
                "call-" + id,
                List.of("<sip:alice@example.com>"),
                "application/sdp",
                "v=0\r\n".getBytes(UTF_8),
                List.of(),
                null,
                InboundMessage.Mode.LARGE_MESSAGE);
        return MessageDeferred.of(
                invite,
                "sip:alice@example.com",
                Instant.now().plusSeconds(3600),
                MessageDeferred.Reason.ALL_FORKS_FAILED);
    }

    /** Every message of the user's folder, decoded, read with an IMAP client of its own. */
    private static List<byte[]> readFolder(String name) throws Exception {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", imap.getImap().getPort(), USER, PASSWORD);
        try {
            Folder folder = store.getFolder(name);
            folder.open(Folder.READ_ONLY);
            List<byte[]> bodies = new ArrayList<>();
            for (Message message : folder.getMessages()) {
                try (InputStream in = message.getInputStream()) {
                    bodies.add(in.readAllBytes());
                }
            }
            folder.close(false);
            return bodies;
        } finally {
            store.close();
        }
    }
}
