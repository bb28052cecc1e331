package net.cpmpf.sipedge.backbone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The limit on waiting transactions, driven with explicit times: how it falls under queueing and comes back. */
class AdmissionLimitTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long WINDOW = 100 * MS;

    private long now = 0;
    private final AdmissionLimit limit = new AdmissionLimit(20 * MS, WINDOW, 4, 1000, now);

    @Test
    void withoutQueueingABurstUpToTheMaximumIsAdmitted() {
        assertThat(acquire(1000)).isEqualTo(1000);
        assertThat(limit.tryAcquire()).isFalse();
        release(1000, 5 * MS);
        tick(0);

        assertThat(limit.limit()).isEqualTo(1000);
        assertThat(limit.refused()).isEqualTo(1);
    }

    @Test
    void oneSlowWindowIsNotAQueue() {
        window(50, 5 * MS);
        window(50, 80 * MS); // a collector's pause
        window(50, 5 * MS);

        assertThat(limit.limit()).isEqualTo(1000);
    }

    @Test
    void aQueueOfTwoWindowsBringsTheLimitToTwiceWhatWaitedThenCutsItByAThird() {
        window(50, 5 * MS); // the baseline: 5 ms
        window(200, 40 * MS); // every decision 35 ms over it
        assertThat(limit.limit()).isEqualTo(1000);

        window(200, 40 * MS);
        assertThat(limit.limit()).isEqualTo(400); // twice the 200 in flight, not a cut of the maximum

        window(400, 40 * MS);
        assertThat(limit.limit()).isEqualTo(280);
        assertThat(acquire(300)).isEqualTo(280);
    }

    @Test
    void aSlowButSteadyBackboneIsNotQueueing() {
        for (int i = 0; i < 20; i++) {
            window(100, 150 * MS); // a slow machine: every decision 150 ms, none faster
        }

        assertThat(limit.limit()).isEqualTo(1000);
    }

    @Test
    void theFirstDecisionsOfAColdStartDoNotBecomeTheBaseline() {
        window(100, 2000 * MS);
        window(100, 2000 * MS);

        assertThat(limit.limit()).isEqualTo(200);
    }

    @Test
    void transactionsWaitingPastTheTargetCutItWhenNoneEnd() {
        window(10, 5 * MS);
        acquire(50);
        tick(60 * MS);
        tick(90 * MS); // nothing answered in two windows, the oldest has waited 90 ms

        assertThat(limit.limit()).isEqualTo(100); // twice the 50 in flight
    }

    @Test
    void itComesBackByAFifthPerWindowWithoutAQueue() {
        window(10, 5 * MS);
        window(100, 100 * MS);
        window(100, 100 * MS);
        window(100, 100 * MS); // 200, then 140
        assertThat(limit.limit()).isEqualTo(140);

        for (int expected : new int[] {168, 201, 241}) {
            window(10, 5 * MS);
            assertThat(limit.limit()).isEqualTo(expected);
        }
        tick(0); // no decision and nothing waiting: no queue either
        assertThat(limit.limit()).isEqualTo(289);
    }

    @Test
    void afterABurstItIsBackAtItsMaximumWithinSeconds() {
        window(10, 5 * MS);
        for (int i = 0; i < 10; i++) {
            window(1000, 500 * MS);
        }
        assertThat(limit.limit()).isLessThan(100);

        for (int i = 0; i < 40; i++) { // four seconds
            tick(0);
        }

        assertThat(limit.limit()).isEqualTo(1000);
    }

    @Test
    void itNeverFallsBelowTheMinimum() {
        window(10, 5 * MS);
        for (int i = 0; i < 30; i++) {
            window(1000, 3000 * MS);
        }

        assertThat(limit.limit()).isEqualTo(4);
        assertThat(acquire(5)).isEqualTo(4);
    }

    @Test
    void aReleaseWithoutLatencyFreesItsPlaceWithoutASample() {
        acquire(10);
        release(10, -1);
        tick(0);

        assertThat(limit.inFlight()).isZero();
        assertThat(limit.limit()).isEqualTo(1000);
    }

    /** A window in which {@code count} transactions (as many as the limit lets in) waited {@code latency} each. */
    private void window(int count, long latency) {
        release(acquire(count), latency);
        tick(0);
    }

    private int acquire(int count) {
        int admitted = 0;
        for (int i = 0; i < count; i++) {
            if (limit.tryAcquire()) {
                admitted++;
            }
        }
        return admitted;
    }

    private void release(int count, long latency) {
        for (int i = 0; i < count; i++) {
            limit.release(latency);
        }
    }

    private void tick(long oldestWaiting) {
        now += WINDOW;
        limit.tick(now, oldestWaiting);
    }
}
