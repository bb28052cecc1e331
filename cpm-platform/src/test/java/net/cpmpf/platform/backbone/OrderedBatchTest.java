package net.cpmpf.platform.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import net.cpmpf.platform.backbone.OrderedBatch.Steps;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

class OrderedBatchTest {

    private final List<String> log = new ArrayList<>();

    @Test
    void preparesEveryRecordBeforeWaitingForAny() {
        CompletableFuture<Steps> first = new CompletableFuture<>();
        // The first record's preparation completes only once the second has started: one at a time would hang.
        assertTimeoutPreemptively(
                Duration.ofSeconds(5),
                () -> OrderedBatch.process(records("a", "b"), value -> {
                    if (value.equals("a")) {
                        return first;
                    }
                    first.complete(steps("a", 1));
                    return CompletableFuture.completedFuture(steps("b", 1));
                }));
        assertThat(log).containsExactly("a.0", "b.0", "done a", "done b");
    }

    @Test
    void writesGoOutRoundByRoundInRecordOrderEachAfterTheOneBefore() {
        List<CompletableFuture<Object>> pending = new ArrayList<>();
        OrderedBatch.process(
                records("a", "b", "c"),
                value -> CompletableFuture.completedFuture(new Steps(
                        List.of(write(value + ".handoff", pending), () -> {
                            // The round before must be acked: its futures are all complete by now.
                            assertThat(pending).allMatch(CompletableFuture::isDone);
                            log.add(value + ".answer");
                            return CompletableFuture.completedFuture(null);
                        }),
                        () -> log.add("done " + value))));

        assertThat(log)
                .containsExactly(
                        "a.handoff",
                        "b.handoff",
                        "c.handoff",
                        "a.answer",
                        "b.answer",
                        "c.answer",
                        "done a",
                        "done b",
                        "done c");
    }

    @Test
    void eachRoundIsPushedOutOnceAllItsWritesAreIssuedAndBeforeItsAcksAreAwaited() {
        // A producer that lingers: nothing is acked until pushed, so waiting first would hang.
        List<CompletableFuture<Object>> unsent = new ArrayList<>();
        Runnable push = () -> {
            log.add("push");
            unsent.forEach(ack -> ack.complete(null));
            unsent.clear();
        };
        Supplier<CompletionStage<?>> lingering = () -> {
            var ack = new CompletableFuture<Object>();
            unsent.add(ack);
            log.add("write");
            return ack;
        };

        assertTimeoutPreemptively(
                Duration.ofSeconds(5),
                () -> OrderedBatch.process(
                        records("a", "b"),
                        value -> CompletableFuture.completedFuture(new Steps(
                                value.equals("a") ? List.of(lingering, lingering) : List.of(lingering),
                                () -> log.add("done " + value))),
                        push));

        assertThat(log).containsExactly("write", "write", "push", "write", "push", "done a", "done b");
    }

    @Test
    void aPushThatFailsLeavesTheOutcomeToTheAcks() {
        OrderedBatch.process(records("a"), value -> CompletableFuture.completedFuture(steps(value, 1)), () -> {
            throw new IllegalStateException("producer closed");
        });

        assertThat(log).containsExactly("a.0", "done a");
    }

    @Test
    void aFailedPreparationStopsTheBatchAtThatRecordAfterFinishingTheOnesBefore() {
        var failure = new IllegalStateException("store down");

        assertThatThrownBy(() -> OrderedBatch.process(
                        records("a", "b", "c", "d"),
                        value -> value.equals("c")
                                ? CompletableFuture.failedFuture(failure)
                                : CompletableFuture.completedFuture(steps(value, 2))))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, e -> {
                    assertThat(e.getIndex()).isEqualTo(2);
                    assertThat(e.getCause()).isSameAs(failure);
                });
        assertThat(log).containsExactly("a.0", "b.0", "a.1", "b.1", "done a", "done b");
    }

    @Test
    void aPreparationThatThrowsCountsAsFailed() {
        assertThatThrownBy(() -> OrderedBatch.process(records("a", "b"), value -> {
                    if (value.equals("a")) {
                        throw new IllegalArgumentException("not an event we take");
                    }
                    return CompletableFuture.completedFuture(steps(value, 1));
                }))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, e -> {
                    assertThat(e.getIndex()).isZero();
                    assertThat(e.getCause()).isInstanceOf(IllegalArgumentException.class);
                });
        assertThat(log).isEmpty();
    }

    @Test
    void aFailedWriteKeepsThatRecordsLaterWritesBackButNotTheEarlierRecords() {
        var nack = new IllegalStateException("not acked");

        assertThatThrownBy(() -> OrderedBatch.process(
                        records("a", "b", "c"),
                        value -> CompletableFuture.completedFuture(new Steps(
                                List.of(
                                        () -> {
                                            log.add(value + ".0");
                                            return value.equals("b")
                                                    ? CompletableFuture.failedFuture(nack)
                                                    : CompletableFuture.completedFuture(null);
                                        },
                                        () -> {
                                            log.add(value + ".1");
                                            return CompletableFuture.completedFuture(null);
                                        }),
                                () -> log.add("done " + value)))))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, e -> {
                    assertThat(e.getIndex()).isEqualTo(1);
                    assertThat(e.getCause()).isSameAs(nack);
                });
        // c had written its first step already (it is processed again on retry), but goes no further.
        assertThat(log).containsExactly("a.0", "b.0", "c.0", "a.1", "done a");
    }

    @Test
    void anUndecodableRecordFailsWithItsDeserializationException() {
        var record = new ConsumerRecord<String, String>("topic", 0, 7, "key", null);
        // What the error-handling deserializer leaves behind for a value it could not read.
        SerializationUtils.deserializationException(
                record.headers(),
                "garbage".getBytes(StandardCharsets.UTF_8),
                new IllegalArgumentException("no such event"),
                false);

        assertThatThrownBy(() ->
                        OrderedBatch.process(List.of(record), value -> CompletableFuture.completedFuture(Steps.none())))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, e -> {
                    assertThat(e.getIndex()).isZero();
                    assertThat(e.getCause()).isInstanceOf(DeserializationException.class);
                });
    }

    @Test
    void anEmptyPollDoesNothing() {
        OrderedBatch.process(List.<ConsumerRecord<String, String>>of(), value -> {
            throw new AssertionError("nothing to prepare");
        });
    }

    private Supplier<CompletionStage<?>> write(String name, List<CompletableFuture<Object>> pending) {
        return () -> {
            log.add(name);
            var ack = new CompletableFuture<Object>();
            pending.add(ack);
            // Acked a little later, from another thread, as a producer would.
            CompletableFuture.delayedExecutor(20, java.util.concurrent.TimeUnit.MILLISECONDS)
                    .execute(() -> ack.complete(null));
            return ack;
        };
    }

    private Steps steps(String value, int writes) {
        List<Supplier<? extends CompletionStage<?>>> list = new ArrayList<>();
        for (int i = 0; i < writes; i++) {
            String name = value + "." + i;
            list.add(() -> {
                log.add(name);
                return CompletableFuture.completedFuture(null);
            });
        }
        return new Steps(list, () -> log.add("done " + value));
    }

    private static List<ConsumerRecord<String, String>> records(String... values) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            records.add(new ConsumerRecord<>("topic", 0, i, "key-" + values[i], values[i]));
        }
        return records;
    }
}
