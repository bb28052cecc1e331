package net.cpmpf.sipedge.backbone;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.cpmpf.events.CpmEvent;
import net.cpmpf.events.EdgeCommand;
import net.cpmpf.events.ReplyAddress;
import org.springframework.kafka.core.KafkaOperations;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * Request/reply over Kafka: publishes an event and waits, without blocking a thread, for the command that answers it
 * on this edge's own reply partition. Every wait is bounded by a timeout and guarded by a circuit breaker, so a SIP
 * transaction always gets an answer from someone.
 */
public class BackboneClient {

    private final KafkaOperations<String, Object> kafka;
    private final ReplyAddress replyAddress;
    private final Duration timeout;
    private final int maxPending;
    private final CircuitBreaker breaker;
    private final Map<String, Sinks.One<EdgeCommand>> pending = new ConcurrentHashMap<>();

    public BackboneClient(
            KafkaOperations<String, Object> kafka,
            ReplyAddress replyAddress,
            Duration timeout,
            int maxPending,
            CircuitBreaker breaker) {
        this.kafka = kafka;
        this.replyAddress = replyAddress;
        this.timeout = timeout;
        this.maxPending = maxPending;
        this.breaker = breaker;
    }

    /** Where the services must send the answers to this edge's requests. */
    public ReplyAddress replyAddress() {
        return replyAddress;
    }

    /**
     * Publishes {@code event} to {@code topic} under {@code key} and completes with the command that answers it.
     *
     * @return fails with {@link java.util.concurrent.TimeoutException} when no answer came in time, {@link
     *     BackboneOverloadedException} when too many transactions wait already, the breaker's {@code
     *     CallNotPermittedException} while it is open, or the producer's error
     */
    public Mono<EdgeCommand> request(String topic, String key, CpmEvent event) {
        return Mono.defer(() -> {
                    String id = event.correlationId();
                    if (pending.size() >= maxPending) {
                        return Mono.error(new BackboneOverloadedException(maxPending));
                    }
                    Sinks.One<EdgeCommand> answer = Sinks.one();
                    if (pending.putIfAbsent(id, answer) != null) {
                        return Mono.error(new IllegalStateException("correlation id in use: " + id));
                    }
                    Runnable release = () -> pending.remove(id, answer);
                    // send() may block on metadata while the broker is away: keep it off SIP and Kafka threads.
                    return Mono.defer(() -> Mono.fromFuture(kafka.send(topic, key, event)))
                            .subscribeOn(Schedulers.boundedElastic())
                            .then(answer.asMono())
                            .timeout(timeout)
                            // Before the outcome reaches the caller (doFinally would run after it): whoever sees the
                            // answer or the error sees the transaction gone from the pending ones.
                            .doOnTerminate(release)
                            .doOnCancel(release);
                })
                .transformDeferred(CircuitBreakerOperator.of(breaker));
    }

    /**
     * Hands a command to the transaction waiting for it.
     *
     * @return false when nobody waits any more (answered already, timed out, or another edge's leftover)
     */
    public boolean complete(EdgeCommand command) {
        Sinks.One<EdgeCommand> answer = pending.remove(command.correlationId());
        return answer != null && answer.tryEmitValue(command).isSuccess();
    }

    public int pendingCount() {
        return pending.size();
    }

    /** Too many SIP transactions wait for the backbone at once. */
    public static final class BackboneOverloadedException extends RuntimeException {
        BackboneOverloadedException(int limit) {
            super("more than " + limit + " transactions wait for the backbone");
        }
    }
}
