package net.cpmpf.sipedge.backbone;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import net.cpmpf.events.CpmEvent;
import org.springframework.kafka.core.KafkaOperations;

/**
 * The edge's one way to put an event on the backbone from a thread that must not block (SIP, MSRP, Kafka listener).
 *
 * <p>A Kafka producer's {@code send} blocks only while it has no metadata for the topic (its first send, or one after
 * {@code metadata.max.idle.ms}, 5 minutes, without any) or no buffer room; otherwise it appends to a batch and
 * returns. So a topic that took a record in the last minute is sent to on the caller's thread, and any other on an
 * elastic thread: handing every message to another thread cost 5 % of the local stack's CPU at 1,600 MESSAGE/s
 * (bench/RESULTS.md). Buffer room is not at risk on the inline path: the transactions waiting for the backbone are
 * bounded ({@code cpm.edge.backbone.max-pending}) far below the producer's 32 MB, and records of megabytes (a deferred
 * large message's content) go through {@link #sendOffThread}.
 */
public final class Publisher {

    /** Well inside the producer's {@code metadata.max.idle.ms} (5 minutes): the metadata is surely still there. */
    private static final long WARM_NANOS = TimeUnit.SECONDS.toNanos(60);

    /** How stale the last-ack mark may get before it is refreshed (one map write a second per topic, not per ack). */
    private static final long MARK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final KafkaOperations<String, Object> kafka;
    private final Executor offThread;
    private final Map<String, Long> lastAcked = new ConcurrentHashMap<>();

    /** @param offThread where sends that may block run (an elastic pool) */
    public Publisher(KafkaOperations<String, Object> kafka, Executor offThread) {
        this.kafka = kafka;
        this.offThread = offThread;
    }

    /** Completes once the broker has acknowledged the record (the producer's {@code acks=all}). */
    public CompletableFuture<Void> send(String topic, String key, CpmEvent event) {
        return warm(topic, System.nanoTime()) ? sendHere(topic, key, event) : sendOffThread(topic, key, event);
    }

    /** As {@link #send}, failing with a {@link java.util.concurrent.TimeoutException} after {@code timeout}. */
    public CompletableFuture<Void> send(String topic, String key, CpmEvent event, Duration timeout) {
        return send(topic, key, event).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Always from another thread: for records that may wait for buffer room, however warm the topic is. */
    public CompletableFuture<Void> sendOffThread(String topic, String key, CpmEvent event) {
        return CompletableFuture.supplyAsync(() -> sendHere(topic, key, event), offThread)
                .thenCompose(sent -> sent);
    }

    private CompletableFuture<Void> sendHere(String topic, String key, CpmEvent event) {
        try {
            return kafka.send(topic, key, event).thenAccept(result -> acked(topic));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private boolean warm(String topic, long now) {
        Long last = lastAcked.get(topic);
        return last != null && now - last < WARM_NANOS;
    }

    private void acked(String topic) {
        long now = System.nanoTime();
        Long last = lastAcked.get(topic);
        if (last == null || now - last > MARK_NANOS) {
            lastAcked.put(topic, now);
        }
    }
}
