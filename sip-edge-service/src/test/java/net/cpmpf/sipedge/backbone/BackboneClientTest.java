package net.cpmpf.sipedge.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import net.cpmpf.events.EdgeCommand;
import net.cpmpf.events.FinalResponseCommand;
import net.cpmpf.events.InboundMessage;
import net.cpmpf.events.ReplyAddress;
import net.cpmpf.events.Topics;
import net.cpmpf.platform.backbone.EventSerializer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;

/**
 * The client's fallbacks. With a real Kafka producer that has no broker to talk to (every publish fails after {@code
 * max.block.ms}): each request ends in bounded time and the breaker opens after repeated failures, then refuses at
 * once. With a producer that acknowledges everything: answers, timeouts, and the admission limit, whose refusals the
 * breaker never sees.
 */
class BackboneClientTest {

    private static final ReplyAddress REPLY = new ReplyAddress(Topics.EDGE_COMMANDS, 0);
    private static final BackboneClient.Admission UNLIMITED =
            new BackboneClient.Admission(Duration.ofMillis(40), Duration.ofMillis(100), 1, 10);

    private final DefaultKafkaProducerFactory<String, Object> deadBroker = new DefaultKafkaProducerFactory<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            "127.0.0.1:" + deadPort(),
            ProducerConfig.MAX_BLOCK_MS_CONFIG,
            150,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            EventSerializer.class));
    private final ExecutorService offThread = Executors.newCachedThreadPool();
    private final List<BackboneClient> clients = new ArrayList<>();
    private final AtomicLong now = new AtomicLong(System.nanoTime());

    @AfterEach
    void close() {
        clients.forEach(BackboneClient::close);
        deadBroker.setPhysicalCloseTimeout(1);
        deadBroker.destroy();
        offThread.shutdownNow();
    }

    @Test
    void unreachableBrokerFailsTheRequestWithinTheTimeout() {
        var client = client(deadBroker(), Duration.ofSeconds(2), UNLIMITED, breaker(100));

        var answer = client.request(Topics.INBOUND_MESSAGES, "k", message());
        // Checked as the error arrives, not after: the caller must never see a transaction that ended still pending.
        var pendingWhenFailed = answer.handle((command, error) -> error != null ? client.pendingCount() : -1);

        assertThat(pendingWhenFailed).succeedsWithin(Duration.ofSeconds(3)).isEqualTo(0);
    }

    @Test
    void openBreakerRefusesAtOnce() {
        var breaker = breaker(2);
        var client = client(deadBroker(), Duration.ofSeconds(2), UNLIMITED, breaker);
        for (int i = 0; i < 2; i++) {
            assertThat(client.request(Topics.INBOUND_MESSAGES, "k", message())).failsWithin(Duration.ofSeconds(3));
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);

        var refused = client.request(Topics.INBOUND_MESSAGES, "k", message());
        assertThat(refused).isCompletedExceptionally();
        assertThatThrownBy(refused::get).hasCauseInstanceOf(CallNotPermittedException.class);
    }

    @Test
    void anAnsweredRequestCompletesAndLeavesNothingWaiting() throws Exception {
        var client = client(acking(), Duration.ofSeconds(2), UNLIMITED, breaker(100));
        var message = message();

        var answer = client.request(Topics.INBOUND_MESSAGES, "k", message);
        assertThat(client.complete(FinalResponseCommand.of(message.correlationId(), 200, "OK")))
                .isTrue();

        assertThat(answer.get(1, TimeUnit.SECONDS)).isInstanceOf(FinalResponseCommand.class);
        assertThat(client.pendingCount()).isZero();
    }

    @Test
    void aRequestNobodyAnswersTimesOutAtTheSweepAfterItsTimeout() {
        var breaker = breaker(100);
        var client = client(acking(), Duration.ofSeconds(4), UNLIMITED, breaker);
        var answer = client.request(Topics.INBOUND_MESSAGES, "k", message());

        client.sweep(now.addAndGet(Duration.ofSeconds(3).toNanos()));
        assertThat(answer).isNotDone();
        client.sweep(now.addAndGet(Duration.ofSeconds(2).toNanos()));

        assertThat(answer).isCompletedExceptionally();
        assertThatThrownBy(answer::get).hasCauseInstanceOf(TimeoutException.class);
        assertThat(client.pendingCount()).isZero();
        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
    }

    @Test
    void beyondTheLimitARequestIsRefusedAtOnceAndTheBreakerNeverSeesIt() {
        var breaker = breaker(2);
        var client = client(
                acking(),
                Duration.ofSeconds(4),
                new BackboneClient.Admission(Duration.ofMillis(40), Duration.ofMillis(100), 1, 3),
                breaker);
        List<CompletableFuture<EdgeCommand>> waiting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waiting.add(client.request(Topics.INBOUND_MESSAGES, "k", message()));
        }

        for (int i = 0; i < 10; i++) {
            var refused = client.request(Topics.INBOUND_MESSAGES, "k", message());
            assertThat(refused).isCompletedExceptionally();
            assertThatThrownBy(refused::get)
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(BackboneClient.BackboneOverloadedException.class);
        }

        assertThat(client.refused()).isEqualTo(10);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
        assertThat(waiting).allSatisfy(answer -> assertThat(answer).isNotDone());
    }

    @Test
    void answersThatComeLateLowerTheLimit() {
        var client = client(
                acking(),
                Duration.ofSeconds(4),
                new BackboneClient.Admission(Duration.ofMillis(20), Duration.ofMillis(100), 1, 1000),
                breaker(1000));
        answerAfter(client, 10, Duration.ofMillis(5)); // the baseline: 5 ms
        answerAfter(client, 50, Duration.ofMillis(60));
        assertThat(client.admissionLimit()).isEqualTo(1000); // one slow window may be a pause

        answerAfter(client, 50, Duration.ofMillis(60));

        assertThat(client.admissionLimit()).isEqualTo(100); // twice what waited
    }

    /** One window: {@code count} requests, each answered after {@code latency}, then the timer's sweep. */
    private void answerAfter(BackboneClient client, int count, Duration latency) {
        List<InboundMessage> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            var message = message();
            messages.add(message);
            client.request(Topics.INBOUND_MESSAGES, "k", message);
        }
        now.addAndGet(latency.toNanos());
        messages.forEach(m -> client.complete(FinalResponseCommand.of(m.correlationId(), 200, "OK")));
        client.sweep(now.addAndGet(Duration.ofMillis(100).toNanos()));
    }

    @Test
    void anAnswerNobodyWaitsForIsDropped() {
        var client = client(acking(), Duration.ofMillis(500), UNLIMITED, breaker(100));

        assertThat(client.complete(FinalResponseCommand.of("nobody-waits", 200, "OK")))
                .isFalse();
    }

    private BackboneClient client(
            KafkaTemplate<String, Object> kafka,
            Duration timeout,
            BackboneClient.Admission admission,
            CircuitBreaker breaker) {
        var client = new BackboneClient(new Publisher(kafka, offThread), REPLY, timeout, admission, breaker, now::get);
        clients.add(client);
        return client;
    }

    private KafkaTemplate<String, Object> deadBroker() {
        return new KafkaTemplate<>(deadBroker);
    }

    /** A producer that acknowledges every record at once. */
    private static KafkaTemplate<String, Object> acking() {
        var producer = new MockProducer<String, Object>(true, null, new StringSerializer(), new EventSerializer()) {
            @Override
            public void close(Duration timeout) {}
        };
        return new KafkaTemplate<>(new MockProducerFactory<>(() -> producer));
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
