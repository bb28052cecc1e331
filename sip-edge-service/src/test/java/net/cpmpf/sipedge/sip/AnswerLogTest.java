package net.cpmpf.sipedge.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AnswerLogTest {

    @Test
    void findsAnAnswerByItsKeyUntilItsDeadline() {
        var log = new AnswerLog(4);
        log.append(bytes("k1"), hash("k1"), bytes("answer 1"), 10);
        log.append(bytes("k2"), hash("k2"), bytes("answer 2"), 20);

        assertThat(log.find(bytes("k1"), hash("k1"), 9)).asString().isEqualTo("answer 1");
        assertThat(log.find(bytes("k2"), hash("k2"), 9)).asString().isEqualTo("answer 2");
        assertThat(log.find(bytes("k3"), hash("k3"), 9)).isNull();
        assertThat(log.find(bytes("k1"), hash("k1"), 10)).as("deadline reached").isNull();
    }

    @Test
    void expiresOldestFirstAndOnlyWhatIsDue() {
        var log = new AnswerLog(4);
        log.append(bytes("k1"), hash("k1"), bytes("a"), 10);
        log.append(bytes("k2"), hash("k2"), bytes("b"), 20);

        log.expire(15);

        assertThat(log.size()).isEqualTo(1);
        assertThat(log.find(bytes("k2"), hash("k2"), 15)).asString().isEqualTo("b");
    }

    @Test
    void keysOfTheSameHashAreToldApartAndSurviveTheRemovalOfTheirNeighbours() {
        var log = new AnswerLog(8);
        for (int i = 0; i < 6; i++) {
            log.append(bytes("k" + i), 42, bytes("answer " + i), 10 + i);
        }

        log.expire(12);

        for (int i = 3; i < 6; i++) {
            assertThat(log.find(bytes("k" + i), 42, 12)).asString().isEqualTo("answer " + i);
        }
        assertThat(log.find(bytes("k1"), 42, 0)).isNull();
    }

    @Test
    void aLiveAnswerIsFoundPastAnExpiredOneOfTheSameKey() {
        var log = new AnswerLog(4);
        log.append(bytes("old"), hash("old"), bytes("other"), 100);
        log.append(bytes("k1"), hash("k1"), bytes("first"), 10);
        log.append(bytes("k1"), hash("k1"), bytes("second"), 120);

        log.expire(50); // the first k1 is past its time but held behind "old"

        assertThat(log.find(bytes("k1"), hash("k1"), 50)).asString().isEqualTo("second");
    }

    @Test
    void theArenaWrapsAroundAndGrowsWhenARecordDoesNotFit() {
        var log = new AnswerLog(16, 128, AnswerLog.MAX_ARENA);
        for (int i = 0; i < 40; i++) {
            log.expire(i);
            log.append(bytes("k" + i), hash("k" + i), bytes("answer " + i), i + 4);
        }
        assertThat(log.arenaBytes())
                .as("four records of about 12 bytes, 480 written in all")
                .isEqualTo(128);

        log.append(bytes("big"), hash("big"), new byte[200], 100);

        assertThat(log.arenaBytes()).isGreaterThan(200);
        for (int i = 36; i < 40; i++) {
            assertThat(log.find(bytes("k" + i), hash("k" + i), 39)).asString().isEqualTo("answer " + i);
        }
        assertThat(log.find(bytes("big"), hash("big"), 39)).hasSize(200);
    }

    @Test
    void aRecordAtTheArenasStartThatWouldReachTheOldestGrowsTheArenaInstead() {
        var log = new AnswerLog(8, 100, AnswerLog.MAX_ARENA);
        append(log, "a", 40, 1); // at 0
        append(log, "b", 40, 9); // at 40
        append(log, "c", 20, 9); // at 80, up to the arena's end
        log.expire(1); // the oldest is "b", at 40

        append(log, "d", 41, 9); // 0..40 would overwrite the first byte of "b"

        assertThat(log.arenaBytes()).isGreaterThan(100);
        assertHeld(log, "b", 40);
        assertHeld(log, "c", 20);
        assertHeld(log, "d", 41);
    }

    @Test
    void aRecordInTheGapOfAWrappedArenaThatWouldReachTheOldestGrowsTheArenaInstead() {
        var log = new AnswerLog(8, 100, AnswerLog.MAX_ARENA);
        append(log, "a", 40, 1); // at 0
        append(log, "b", 40, 9); // at 40
        log.expire(1);
        append(log, "c", 20, 9); // at 80
        append(log, "d", 30, 9); // wraps to 0: a gap of 10 bytes before "b"

        append(log, "e", 12, 9);

        assertThat(log.arenaBytes()).isGreaterThan(100);
        assertHeld(log, "b", 40);
        assertHeld(log, "c", 20);
        assertHeld(log, "d", 30);
        assertHeld(log, "e", 12);
    }

    @Test
    void atItsLargestTheArenaMakesRoomByDroppingTheOldestAnswersEarly() {
        var log = new AnswerLog(8, 64, 128);
        append(log, "a", 40, 100);
        append(log, "b", 40, 100); // the arena grows to its largest, 128
        append(log, "c", 40, 100);

        append(log, "d", 40, 100); // 160 bytes would be needed: "a" goes, and only "a"

        assertThat(log.arenaBytes()).isEqualTo(128);
        assertThat(log.find(bytes("a"), hash("a"), 2)).isNull();
        assertHeld(log, "b", 40);
        assertHeld(log, "c", 40);
        assertHeld(log, "d", 40);
        assertThat(log.size()).isEqualTo(3);
        assertThatThrownBy(() -> append(log, "e", 129, 100)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void agreesWithAQueueOfRecordsUnderRandomAppendsAndExpiries() {
        record Kept(String key, int hash, String answer, long deadline) {}
        var random = new Random(7);
        var log = new AnswerLog(64, 256, AnswerLog.MAX_ARENA);
        var model = new ArrayDeque<Kept>();
        long now = 0;
        for (int step = 0; step < 20_000; step++) {
            now += random.nextInt(3);
            if (model.size() < 64 && random.nextInt(3) > 0) {
                // Few hashes, so that probe runs are long and deletions shift entries across them; answers of many
                // lengths, so that the small arena wraps at uneven places and grows.
                var kept = new Kept("k" + step, random.nextInt(16), "a".repeat(random.nextInt(40)) + step, now + 50);
                log.append(bytes(kept.key()), kept.hash(), bytes(kept.answer()), kept.deadline());
                model.add(kept);
            }
            log.expire(now);
            while (!model.isEmpty() && model.peek().deadline() <= now) {
                model.poll();
            }
            assertThat(log.size()).isEqualTo(model.size());
            if (step % 50 == 0) {
                for (Kept kept : model) {
                    assertThat(log.find(bytes(kept.key()), kept.hash(), now))
                            .asString()
                            .isEqualTo(kept.answer());
                }
                assertThat(log.find(bytes("absent"), 3, now)).isNull();
            }
        }
    }

    @Test
    void refusesNoSlotsOrMoreThanTheIndexCanHold() {
        assertThatThrownBy(() -> new AnswerLog(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AnswerLog(AnswerLog.MAX_SLOTS + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AnswerLog(8, 64, 32)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A record of {@code length} bytes: a one-byte key and an answer filled with that key. */
    private static void append(AnswerLog log, String key, int length, long deadline) {
        log.append(bytes(key), hash(key), bytes(key.repeat(length - 1)), deadline);
    }

    private static void assertHeld(AnswerLog log, String key, int length) {
        assertThat(log.find(bytes(key), hash(key), 2)).as(key).asString().isEqualTo(key.repeat(length - 1));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static int hash(String key) {
        return AnswerLog.hash(bytes(key));
    }
}
