package net.cpmpf.sipedge.backbone;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import net.cpmpf.events.CpmEvent;
import net.cpmpf.events.EdgeCommand;
import net.cpmpf.events.ReplyAddress;

/**
 * Request/reply over Kafka: publishes an event and waits, without blocking a thread, for the command that answers it
 * on this edge's own reply partition. Every wait is bounded by a timeout; how many may wait at once follows the
 * backbone's queueing delay ({@link AdmissionLimit}), and a circuit breaker stops waiting for a backbone that keeps
 * failing. So a SIP transaction always gets an answer from someone, and under overload the excess gets it at once.
 *
 * <p>Refusals by the limit are not failures of the backbone: the breaker never sees them, so a burst does not open it
 * for the whole edge. Timeouts are checked by one timer thread that walks the waiting transactions every {@link
 * #SWEEP} (there are at most the limit of them) rather than by a timer task per request.
 */
public class BackboneClient implements AutoCloseable {

    static final Duration SWEEP = Duration.ofMillis(20);

    private final Publisher publisher;
    private final ReplyAddress replyAddress;
    private final long timeoutNanos;
    private final AdmissionLimit admission;
    private final CircuitBreaker breaker;
    private final Map<String, Waiting> pending = new ConcurrentHashMap<>();
    private final LongSupplier clock;
    private final ScheduledExecutorService timer;

    public BackboneClient(
            Publisher publisher,
            ReplyAddress replyAddress,
            Duration timeout,
            Admission admission,
            CircuitBreaker breaker) {
        this(publisher, replyAddress, timeout, admission, breaker, System::nanoTime);
        timer.scheduleWithFixedDelay(
                () -> sweep(clock.getAsLong()), SWEEP.toNanos(), SWEEP.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Without the timer thread: whoever made it calls {@link #sweep} (tests, with their own clock). */
    BackboneClient(
            Publisher publisher,
            ReplyAddress replyAddress,
            Duration timeout,
            Admission admission,
            CircuitBreaker breaker,
            LongSupplier clock) {
        this.publisher = publisher;
        this.replyAddress = replyAddress;
        this.timeoutNanos = timeout.toNanos();
        this.clock = clock;
        this.admission = new AdmissionLimit(
                admission.target().toNanos(),
                admission.window().toNanos(),
                admission.minLimit(),
                admission.maxLimit(),
                clock.getAsLong());
        this.breaker = breaker;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "cpm-backbone-timer");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * How the limit on waiting transactions adapts.
     *
     * @param target median decision latency above which the backbone counts as queueing
     * @param window how often the limit is adjusted
     * @param minLimit the limit never goes below this
     * @param maxLimit the limit while nothing queues
     */
    public record Admission(Duration target, Duration window, int minLimit, int maxLimit) {}

    /** Where the services must send the answers to this edge's requests. */
    public ReplyAddress replyAddress() {
        return replyAddress;
    }

    /**
     * Publishes {@code event} to {@code topic} under {@code key} and completes with the command that answers it.
     *
     * @return fails with {@link TimeoutException} when no answer came in time, {@link BackboneOverloadedException}
     *     when the backbone is queueing and this one would wait too, {@link CallNotPermittedException} while the
     *     breaker is open, or the producer's error
     */
    public CompletableFuture<EdgeCommand> request(String topic, String key, CpmEvent event) {
        if (!admission.tryAcquire()) {
            return CompletableFuture.failedFuture(new BackboneOverloadedException(admission.limit()));
        }
        if (!breaker.tryAcquirePermission()) {
            admission.release(-1);
            return CompletableFuture.failedFuture(CallNotPermittedException.createCallNotPermittedException(breaker));
        }
        var waiting = new Waiting(clock.getAsLong());
        if (pending.putIfAbsent(event.correlationId(), waiting) != null) {
            admission.release(-1);
            breaker.releasePermission();
            return CompletableFuture.failedFuture(
                    new IllegalStateException("correlation id in use: " + event.correlationId()));
        }
        publisher.send(topic, key, event).whenComplete((sent, error) -> {
            if (error != null && pending.remove(event.correlationId(), waiting)) {
                waiting.fail(
                        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error,
                        clock.getAsLong(),
                        false);
            }
        });
        return waiting.answer;
    }

    /**
     * Hands a command to the transaction waiting for it.
     *
     * @return false when nobody waits any more (answered already, timed out, or another edge's leftover)
     */
    public boolean complete(EdgeCommand command) {
        Waiting waiting = pending.remove(command.correlationId());
        if (waiting == null) {
            return false;
        }
        long latency = clock.getAsLong() - waiting.since;
        admission.release(latency);
        breaker.onSuccess(latency, TimeUnit.NANOSECONDS);
        return waiting.answer.complete(command);
    }

    public int pendingCount() {
        return pending.size();
    }

    /** The current limit on waiting transactions. */
    public int admissionLimit() {
        return admission.limit();
    }

    /** Transactions refused by the limit since the start. */
    public long refused() {
        return admission.refused();
    }

    /** Ends the waits that timed out and lets the limit adjust; runs on the timer thread (tests call it directly). */
    void sweep(long now) {
        long oldest = 0;
        for (var entry : pending.entrySet()) {
            Waiting waiting = entry.getValue();
            long waited = now - waiting.since;
            if (waited >= timeoutNanos) {
                if (pending.remove(entry.getKey(), waiting)) {
                    waiting.fail(
                            new TimeoutException("no decision within " + Duration.ofNanos(timeoutNanos)), now, true);
                }
            } else {
                oldest = Math.max(oldest, waited);
            }
        }
        admission.tick(now, oldest);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** One transaction waiting for its command. */
    private final class Waiting {
        final long since;
        final CompletableFuture<EdgeCommand> answer = new CompletableFuture<>();

        Waiting(long since) {
            this.since = since;
        }

        /** Called once, by whoever removed it from the pending ones (so before the caller sees the outcome). */
        void fail(Throwable error, long now, boolean timedOut) {
            long waited = now - since;
            // A timeout is the strongest sign of queueing; a failed publish says nothing about it.
            admission.release(timedOut ? waited : -1);
            breaker.onError(waited, TimeUnit.NANOSECONDS, error);
            answer.completeExceptionally(error);
        }
    }

    /** The backbone is queueing: this transaction is refused rather than made to wait. */
    public static final class BackboneOverloadedException extends RuntimeException {
        BackboneOverloadedException(int limit) {
            super("the backbone is queueing; " + limit + " transactions wait for it already", null, false, false);
        }
    }
}
