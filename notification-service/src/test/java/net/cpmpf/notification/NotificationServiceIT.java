package net.cpmpf.notification;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.cpmpf.events.CpmEvent;
import net.cpmpf.events.DeferralNotice;
import net.cpmpf.events.EventCodec;
import net.cpmpf.events.InboundMessage;
import net.cpmpf.events.MessageDeferred;
import net.cpmpf.events.ReplyAddress;
import net.cpmpf.events.RequestOutcome;
import net.cpmpf.events.SendRequestCommand;
import net.cpmpf.events.SipHeader;
import net.cpmpf.events.Topics;
import net.cpmpf.notification.deferredlist.DeferredListSchema;
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

/**
 * The notification service against a real broker, driven only through the backbone: deferral notices and request
 * outcomes in, edge commands out on the partition of the edge that took the message.
 */
@EmbeddedKafka
class NotificationServiceIT {

    private static final String IWF = "sip:iwf@iwf.example.net";
    private static final List<SipHeader> HEADERS = List.of(
            new SipHeader("Accept-Contact", "*;+g.oma.cpm.system-message"),
            new SipHeader("P-Asserted-Identity", "<sip:cpm-pf@127.0.0.1>"),
            new SipHeader("Server", "CPM-serv/OMA2.0 cpm-pf/0.1"));

    private static ConfigurableApplicationContext notification;
    private static String brokers;
    private final EventCodec codec = new EventCodec();

    @BeforeAll
    static void start(EmbeddedKafkaBroker broker) {
        brokers = broker.getBrokersAsString();
        notification = NotificationApplication.application()
                .run(
                        "--spring.kafka.bootstrap-servers=" + brokers,
                        "--server.port=0",
                        "--cpm.notification.iwf-uri=" + IWF);
    }

    @AfterAll
    static void stop() {
        notification.close();
    }

    @Test
    void storedWithARegisteredClientNotifiesTheUserThroughTheEdgeThatTookTheMessage() throws Exception {
        var deferred = deferred("sip:bob@example.com", "sip:alice@example.com", 4);

        publish(Topics.DEFERRAL_NOTICES, new DeferralNotice(DeferralNotice.Kind.STORED, deferred, true));

        var command = command(4, "notification:" + deferred.messageUriId());
        assertThat(command.purpose()).isEqualTo("notification");
        assertThat(command.key()).isEqualTo("sip:bob@example.com");
        assertThat(command.method()).isEqualTo("MESSAGE");
        assertThat(command.requestUri()).isEqualTo("sip:bob@example.com");
        assertThat(command.from()).isEqualTo("sip:cpm-pf@127.0.0.1");
        assertThat(command.to()).isEqualTo("sip:bob@example.com");
        assertThat(command.headers()).containsExactlyElementsOf(HEADERS);
        assertThat(command.contentType()).isEqualTo("application/vnd.oma.im.deferred-list+xml");
        DeferredListSchema.validate(command.body());
        assertThat(new String(command.body(), UTF_8))
                .contains("state=\"deferred\"")
                .contains("<message-uri-id>" + deferred.messageUriId() + "</message-uri-id>")
                .contains("<sender>sip:alice@example.com</sender>");
        assertThat(sent("stored", "user")).isPositive();
    }

    @Test
    void storedWithoutARegisteredClientNotifiesTheIwf() throws Exception {
        var deferred = deferred("sip:carl@example.com", null, 5);

        publish(Topics.DEFERRAL_NOTICES, new DeferralNotice(DeferralNotice.Kind.STORED, deferred, false));

        var command = command(5, "notification:" + deferred.messageUriId());
        assertThat(command.requestUri()).isEqualTo(IWF);
        assertThat(command.to()).isEqualTo("sip:carl@example.com");
        assertThat(command.headers()).containsExactlyElementsOf(HEADERS);
        DeferredListSchema.validate(command.body());
        assertThat(new String(command.body(), UTF_8)).contains("<anonymous/>");
        assertThat(sent("stored", "iwf")).isPositive();
    }

    @Test
    void expiredIsReportedToTheSender() throws Exception {
        var deferred = deferred("sip:dora@example.com", "sip:alice@example.com", 6);

        publish(Topics.DEFERRAL_NOTICES, new DeferralNotice(DeferralNotice.Kind.EXPIRED, deferred, false));

        var command = command(6, "expiry-notice:" + deferred.messageUriId());
        assertThat(command.purpose()).isEqualTo("expiry-notice");
        assertThat(command.requestUri()).isEqualTo("sip:alice@example.com");
        assertThat(command.to()).isEqualTo("sip:alice@example.com");
        assertThat(command.headers()).containsExactlyElementsOf(HEADERS);
        DeferredListSchema.validate(command.body());
        assertThat(new String(command.body(), UTF_8))
                .contains("state=\"expired\"")
                .contains("<recipient>sip:dora@example.com</recipient>");
        assertThat(sent("expired", "sender")).isPositive();
    }

    @Test
    void aNotificationTheUsersClientRefusedGoesOnceToTheIwf() throws Exception {
        var deferred = deferred("sip:erin@example.com", "sip:alice@example.com", 7);
        publish(Topics.DEFERRAL_NOTICES, new DeferralNotice(DeferralNotice.Kind.STORED, deferred, true));
        var first = command(7, "notification:" + deferred.messageUriId());

        var refused = new RequestOutcome(first.correlationId(), first.purpose(), first.key(), 480, "Unavailable");
        publish(Topics.REQUEST_OUTCOMES, refused);
        publish(Topics.REQUEST_OUTCOMES, refused);

        var fallback = command(7, "notification-iwf:" + deferred.messageUriId());
        assertThat(fallback.requestUri()).isEqualTo(IWF);
        assertThat(fallback.purpose()).isEqualTo("notification");
        assertThat(fallback.headers()).containsExactlyElementsOf(HEADERS);
        DeferredListSchema.validate(fallback.body());
        // Everything on the partition after the outcomes were read: still exactly one fallback.
        var later = deferred("sip:erin@example.com", "sip:alice@example.com", 7);
        publish(Topics.DEFERRAL_NOTICES, new DeferralNotice(DeferralNotice.Kind.STORED, later, true));
        command(7, "notification:" + later.messageUriId());
        assertThat(commands(7).stream()
                        .filter(c -> c.correlationId().startsWith("notification-iwf:" + deferred.messageUriId())))
                .hasSize(1);
    }

    @Test
    void aDeliveredNotificationHasNoFallback() throws Exception {
        var deferred = deferred("sip:fay@example.com", null, 8);
        publish(Topics.DEFERRAL_NOTICES, new DeferralNotice(DeferralNotice.Kind.STORED, deferred, true));
        var first = command(8, "notification:" + deferred.messageUriId());
        publish(
                Topics.REQUEST_OUTCOMES,
                new RequestOutcome(first.correlationId(), "notification", first.key(), 200, "OK"));
        publish(
                Topics.REQUEST_OUTCOMES,
                new RequestOutcome(first.correlationId(), "notification", first.key(), 500, "x"));

        var later = deferred("sip:fay@example.com", null, 8);
        publish(Topics.DEFERRAL_NOTICES, new DeferralNotice(DeferralNotice.Kind.STORED, later, true));
        command(8, "notification:" + later.messageUriId());
        assertThat(commands(8)).noneMatch(c -> c.correlationId().startsWith("notification-iwf:"));
    }

    private static MessageDeferred deferred(String recipient, String sender, int partition) {
        String id = UUID.randomUUID().toString();
        var message = new InboundMessage(
                id,
                new ReplyAddress(Topics.EDGE_COMMANDS, partition),
                Instant.now(),
                recipient,
                recipient,
                "<" + (sender == null ? "sip:anonymous@anonymous.invalid" : sender) + ">;tag=" + id,
                "<" + recipient + ">",
                "call-" + id,
                List.of(),
                "text/plain",
                "hello".getBytes(UTF_8),
                List.of());
        return MessageDeferred.of(
                message, sender, Instant.now().plus(Duration.ofDays(7)), MessageDeferred.Reason.PREFERENCE);
    }

    private double sent(String kind, String target) {
        return notification
                .getBean(MeterRegistry.class)
                .counter("cpm.notification.sent", "kind", kind, "target", target)
                .count();
    }

    private SendRequestCommand command(int partition, String correlationId) {
        List<SendRequestCommand> found = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            found.clear();
            commands(partition).stream()
                    .filter(c -> c.correlationId().equals(correlationId))
                    .forEach(found::add);
            return !found.isEmpty();
        });
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private List<SendRequestCommand> commands(int partition) {
        var partitionOf = new TopicPartition(Topics.EDGE_COMMANDS, partition);
        try (var consumer = new KafkaConsumer<String, byte[]>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            consumer.assign(List.of(partitionOf));
            consumer.seekToBeginning(List.of(partitionOf));
            long end = consumer.endOffsets(List.of(partitionOf)).get(partitionOf);
            List<SendRequestCommand> commands = new ArrayList<>();
            while (consumer.position(partitionOf) < end) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    CpmEvent event = codec.decode(record.value());
                    assertThat(event).isInstanceOf(SendRequestCommand.class);
                    assertThat(record.key()).isEqualTo(((SendRequestCommand) event).key());
                    commands.add((SendRequestCommand) event);
                }
            }
            return commands;
        }
    }

    private void publish(String topic, CpmEvent event) throws Exception {
        String key =
                event instanceof DeferralNotice notice ? notice.deferred().recipient() : ((RequestOutcome) event).key();
        try (var producer = new KafkaProducer<String, byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            producer.send(new ProducerRecord<>(topic, key, codec.encode(event))).get();
        }
    }
}
