package net.cpmpf.policy.decision;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.cpmpf.events.EventCodec;
import net.cpmpf.events.FinalResponseCommand;
import net.cpmpf.events.InboundMessage;
import net.cpmpf.events.ReplyAddress;
import net.cpmpf.events.Topics;
import net.cpmpf.policy.PolicyApplication;
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
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/** The policy service against a real broker: decisions reach the asking edge's partition; poison goes to the DLT. */
@EmbeddedKafka
class InboundMessageListenerIT {

    private static ConfigurableApplicationContext policy;
    private static String brokers;
    private final EventCodec codec = new EventCodec();

    @BeforeAll
    static void start(EmbeddedKafkaBroker broker) {
        brokers = broker.getBrokersAsString();
        policy = PolicyApplication.application().run("--spring.kafka.bootstrap-servers=" + brokers, "--server.port=0");
    }

    @AfterAll
    static void stop() {
        policy.close();
    }

    @Test
    void decisionGoesToTheEdgePartitionNamedInTheMessage() throws Exception {
        String id = UUID.randomUUID().toString();
        var message = new InboundMessage(
                id,
                new ReplyAddress(Topics.EDGE_COMMANDS, 5),
                Instant.now(),
                "sip:bob@example.com",
                "sip:bob@example.com",
                "<sip:alice@example.com>;tag=a",
                "<sip:bob@example.com>",
                "call-" + id,
                List.of(),
                "text/plain",
                "hi".getBytes(UTF_8),
                List.of());

        publish(Topics.INBOUND_MESSAGES, message.recipient(), codec.encode(message));

        var records = readAll(new TopicPartition(Topics.EDGE_COMMANDS, 5), 1);
        var command = (FinalResponseCommand) codec.decode(records.get(0));
        assertThat(command.correlationId()).isEqualTo(id);
        assertThat(command.status()).isEqualTo(480);
        assertThat(command.reason()).isEqualTo("Temporarily Unavailable");
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
