package net.cpmpf.platform.backbone;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

/**
 * Works through one poll's records together instead of one at a time, without giving up what a record listener
 * guarantees. Every record is first <em>prepared</em> concurrently (store lookups, decisions); then the writes each
 * record needs are issued in record order, one round per write position, each round waiting for its acks before the
 * next. So a record's second write (an answer) still follows its first (the hand-off it depends on), and writes for
 * one key leave in the order their records came.
 *
 * <p>Waiting for a whole poll at once is where the throughput comes from: with one record at a time, a consumer
 * spends each message's store round trips and produce acks idle. A failure stops the batch at the first record that
 * failed: everything before it is complete, and {@link BatchListenerFailedException} tells the container's error
 * handler to commit up to there and retry (or dead-letter) from that record on. Records after it may have written
 * already; they are processed again, which consumers downstream tolerate (they are idempotent on the correlation
 * id).
 */
public final class OrderedBatch {

    private static final LogAccessor LOG = new LogAccessor(OrderedBatch.class);

    private OrderedBatch() {}

    /**
     * What one record still has to do once prepared: writes in order (each issued after the previous one was acked)
     * and, when all of them are, {@code done} (e.g. counting the outcome).
     */
    public record Steps(List<Supplier<? extends CompletionStage<?>>> writes, Runnable done) {

        private static final Steps NONE = new Steps(List.of(), () -> {});

        public Steps {
            writes = List.copyOf(writes);
        }

        /** Nothing to write (a record that is skipped). */
        public static Steps none() {
            return NONE;
        }
    }

    /**
     * Prepares, writes and completes every record, or throws {@link BatchListenerFailedException} for the first one
     * that could not be handled, after every record of the batch has settled (so that no work overlaps the retry).
     *
     * @param prepare a record's value → its steps; may throw, or complete exceptionally
     */
    public static <V> void process(
            List<ConsumerRecord<String, V>> records, Function<V, ? extends CompletionStage<Steps>> prepare) {
        process(records, prepare, () -> {});
    }

    /**
     * As {@link #process(List, Function)}, with {@code push} run once each round's writes are issued: a round is
     * complete then, so waiting for the producer's {@code linger.ms} to fill it would only delay it (pass the
     * template's {@code flush}). The linger still batches the service's other, unrelated writes.
     */
    public static <V> void process(
            List<ConsumerRecord<String, V>> records,
            Function<V, ? extends CompletionStage<Steps>> prepare,
            Runnable push) {
        int size = records.size();
        List<CompletableFuture<Steps>> prepared = new ArrayList<>(size);
        for (ConsumerRecord<String, V> record : records) {
            prepared.add(start(record, prepare));
        }
        Failure failure = new Failure(size);
        List<Steps> steps = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            steps.add(settle(prepared.get(i), i, failure));
        }
        for (int round = 0; ; round++) {
            List<CompletableFuture<?>> acks = new ArrayList<>();
            int limit = failure.index;
            for (int i = 0; i < limit; i++) {
                List<Supplier<? extends CompletionStage<?>>> writes =
                        steps.get(i).writes();
                acks.add(round < writes.size() ? issue(writes.get(round)) : null);
            }
            if (acks.stream().allMatch(ack -> ack == null)) {
                break;
            }
            push(push);
            for (int i = 0; i < acks.size(); i++) {
                if (acks.get(i) != null) {
                    settle(acks.get(i), i, failure);
                }
            }
        }
        for (int i = 0; i < failure.index; i++) {
            steps.get(i).done().run();
        }
        if (failure.index < size) {
            throw new BatchListenerFailedException(
                    "record " + failure.index + " of " + size + " failed: " + failure.cause,
                    failure.cause,
                    failure.index);
        }
    }

    private static <V> CompletableFuture<Steps> start(
            ConsumerRecord<String, V> record, Function<V, ? extends CompletionStage<Steps>> prepare) {
        if (record.value() == null) {
            // The error-handling deserializer leaves null and the reason in a header; the container's error handler
            // knows a DeserializationException is not worth retrying and dead-letters the original bytes.
            DeserializationException e = SerializationUtils.getExceptionFromHeader(
                    record, SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG);
            return CompletableFuture.failedFuture(
                    e != null
                            ? e
                            : new IllegalArgumentException("a record without a value (key " + record.key() + ")"));
        }
        try {
            return prepare.apply(record.value()).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static CompletableFuture<?> issue(Supplier<? extends CompletionStage<?>> write) {
        try {
            return write.get().toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static void push(Runnable push) {
        try {
            push.run();
        } catch (RuntimeException e) {
            // Each write's own ack says whether it went out; this only asked for it sooner.
            LOG.debug(e, "Could not push a round of writes out early");
        }
    }

    /** Waits for one record's step; the first record (by position) that fails stops the batch there. */
    private static <T> T settle(CompletableFuture<T> future, int index, Failure failure) {
        try {
            return future.join();
        } catch (CompletionException | CancellationException e) {
            if (index < failure.index) {
                failure.index = index;
                failure.cause = e.getCause() != null ? e.getCause() : e;
            }
            return null;
        }
    }

    private static final class Failure {
        int index;
        Throwable cause;

        Failure(int size) {
            this.index = size;
        }
    }
}
