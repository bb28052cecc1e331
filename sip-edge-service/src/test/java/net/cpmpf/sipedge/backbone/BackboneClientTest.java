package net.cpmpf.sipedge.backbone;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.cpmpf.events.FinalResponseCommand;
import net.cpmpf.events.InboundMessage;
import net.cpmpf.events.ReplyAddress;
import net.cpmpf.events.Topics;
import net.cpmpf.platform.backbone.EventSerializer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import reactor.test.StepVerifier;

/**
 * The client's fallbacks, with a real Kafka producer that has no broker to talk to: every publish fails after
 * {@code max.block.ms}. What must hold: each request ends in bounded time, the breaker opens after repeated failures
 * and then refuses at once, and the number of waiting transactions is capped.
 */
class BackboneClientTest {

    private static final ReplyAddress REPLY = new ReplyAddress(Topics.EDGE_COMMANDS, 0);

    private final DefaultKafkaProducerFactory<String, Object> producers = new DefaultKafkaProducerFactory<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            "127.0.0.1:" + deadPort(),
            ProducerConfig.MAX_BLOCK_MS_CONFIG,
            150,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            EventSerializer.class));
    private final KafkaTemplate<String, Object> kafka = new KafkaTemplate<>(producers);

    @AfterEach
    void closeProducers() {
        producers.setPhysicalCloseTimeout(1);
        producers.destroy();
    }

    @Test
    void unreachableBrokerFailsTheRequestWithinTheTimeout() {
        var client = new BackboneClient(kafka, REPLY, Duration.ofSeconds(2), 10, breaker(100));

        // Checked as the error arrives, not after: the caller must never see a transaction that ended still pending.
        StepVerifier.create(client.request(Topics.INBOUND_MESSAGES, "k", message()))
                .expectErrorSatisfies(error -> assertThat(client.pendingCount()).isZero())
                .verify(Duration.ofSeconds(3));
    }

    @Test
    void openBreakerRefusesAtOnce() {
        var breaker = breaker(2);
        var client = new BackboneClient(kafka, REPLY, Duration.ofSeconds(2), 10, breaker);
        for (int i = 0; i < 2; i++) {
            StepVerifier.create(client.request(Topics.INBOUND_MESSAGES, "k", message()))
                    .expectError()
                    .verify(Duration.ofSeconds(3));
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);

        StepVerifier.create(client.request(Topics.INBOUND_MESSAGES, "k", message()))
                .expectError(CallNotPermittedException.class)
                .verify(Duration.ofMillis(100));
    }

    @Test
    void waitingTransactionsAreCapped() {
        var client = new BackboneClient(kafka, REPLY, Duration.ofSeconds(1), 1, breaker(100));
        var first = client.request(Topics.INBOUND_MESSAGES, "k", message()).subscribe(c -> {}, e -> {});

        StepVerifier.create(client.request(Topics.INBOUND_MESSAGES, "k", message()))
                .expectError(BackboneClient.BackboneOverloadedException.class)
                .verify(Duration.ofMillis(100));
        first.dispose();
    }

    @Test
    void anAnswerNobodyWaitsForIsDropped() {
        var client = new BackboneClient(kafka, REPLY, Duration.ofMillis(500), 10, breaker(100));

        assertThat(client.complete(FinalResponseCommand.of("nobody-waits", 200, "OK")))
                .isFalse();
    }

    private static CircuitBreaker breaker(int window) {
        return CircuitBreaker.of(
                "test",
                CircuitBreakerConfig.custom()
                        .slidingWindowSize(window)
                        .minimumNumberOfCalls(window)
                        .failureRateThreshold(50)
                        .waitDurationInOpenState(Duration.ofMinutes(1))
                        .build());
    }

    private static InboundMessage message() {
        return new InboundMessage(
                UUID.randomUUID().toString(),
                REPLY,
                Instant.now(),
                "sip:bob@example.com",
                "sip:bob@example.com",
                "<sip:alice@example.com>;tag=1",
                "<sip:bob@example.com>",
                "c",
                List.of(),
                "text/plain",
                new byte[] {1},
                List.of());
    }

    private static int deadPort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
