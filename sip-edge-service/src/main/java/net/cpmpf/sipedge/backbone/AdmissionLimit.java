package net.cpmpf.sipedge.backbone;

/**
 * How many SIP transactions may wait for a decision at once: a concurrency limit that follows the backbone's
 * queueing delay, so that under overload the edge refuses the excess at once (503 with Retry-After) instead of letting
 * every transaction wait until it times out and the originators retransmit (DESIGN.md, invariant 6; the ideas of RFC
 * 7339, with the edge measuring its own delay).
 *
 * <p>What signals a queue is the fastest decision of each window (100 ms by default), as in CoDel: a burst or a slow
 * message leaves some decisions fast, a standing queue behind the edge (consumers behind, CPU short) makes every one
 * of them wait. The fastest decision is compared with the fastest of the last {@link #BASELINE_WINDOWS} windows, the
 * backbone's latency without a queue, which a slow machine or a cold JVM raises as much as anything: a limit against
 * a fixed latency would refuse load that such a backbone carries well. When the fastest decision has waited {@code
 * target} more than that in two windows in a row, the limit drops, to twice what was in flight if it was above that
 * (a false alarm then refuses nothing), else by 30 % a window until the queue drains; a window without a queue raises
 * it by a fifth, so that a limit cut by a burst that has passed is back at its maximum within seconds instead of
 * waiting, low, for the next burst (which it would refuse). A window with no decision at all but a transaction waiting
 * past the target counts as queueing too (the backbone stopped answering). The limit starts, and stays while nothing
 * queues, at its maximum: a burst that the backbone absorbs is never refused. Before the first decision, and beyond
 * {@link #MAX_BASELINE_NANOS}, the target counts from zero.
 *
 * <p>All calls hold one lock for a few field updates; windows are evaluated by {@link #tick}, off the SIP threads.
 */
final class AdmissionLimit {

    /** Windows whose fastest decisions make the baseline: 10 s at the default window, so a drained queue is seen. */
    static final int BASELINE_WINDOWS = 100;

    /**
     * The most the baseline may be: a backbone whose fastest decisions take longer is not slow but stalled or
     * queueing (a cold JVM's first decisions took 2 s, and taken as the baseline they hid the queue behind them).
     */
    static final long MAX_BASELINE_NANOS = 200_000_000L;

    /** Consecutive queueing windows before the limit drops: one window may be a collector's pause. */
    private static final int PERSISTENCE = 2;

    private final long targetNanos;
    private final long windowNanos;
    private final int minLimit;
    private final int maxLimit;
    private final long[] fastest = new long[BASELINE_WINDOWS];

    private int limit;
    private int inFlight;
    private int peakInFlight;
    private long windowFastest = Long.MAX_VALUE;
    private long windowStart;
    private int windows;
    private int queueingWindows;
    private long refused;

    /**
     * @param targetNanos how much longer than the baseline the fastest decision may take before it counts as queueing
     * @param windowNanos how often the limit is adjusted
     * @param minLimit the limit never drops below this (so that some traffic always goes through and is measured)
     * @param maxLimit the limit without any queueing (the old fixed bound on waiting transactions)
     */
    AdmissionLimit(long targetNanos, long windowNanos, int minLimit, int maxLimit, long nowNanos) {
        if (targetNanos <= 0 || windowNanos <= 0 || minLimit < 1 || maxLimit < minLimit) {
            throw new IllegalArgumentException("needs a positive target and window, and 1 <= min-limit <= max-limit");
        }
        this.targetNanos = targetNanos;
        this.windowNanos = windowNanos;
        this.minLimit = minLimit;
        this.maxLimit = maxLimit;
        this.limit = maxLimit;
        this.windowStart = nowNanos;
    }

    /** A transaction wants to wait for a decision: true if it may (then {@link #release} it exactly once). */
    synchronized boolean tryAcquire() {
        if (inFlight >= limit) {
            refused++;
            return false;
        }
        inFlight++;
        peakInFlight = Math.max(peakInFlight, inFlight);
        return true;
    }

    /**
     * A transaction stopped waiting.
     *
     * @param latencyNanos how long it waited for its decision (a timeout counts its whole wait), or a negative value
     *     when it says nothing about queueing (its publish failed at once)
     */
    synchronized void release(long latencyNanos) {
        inFlight--;
        if (latencyNanos >= 0) {
            windowFastest = Math.min(windowFastest, latencyNanos);
        }
    }

    /**
     * Adjusts the limit if the window has ended; called often (every few tens of milliseconds) by one thread.
     *
     * @param oldestWaitingNanos how long the oldest transaction still waiting has waited (0: none waits)
     */
    synchronized void tick(long nowNanos, long oldestWaitingNanos) {
        if (nowNanos - windowStart < windowNanos) {
            return;
        }
        boolean queueing;
        if (windowFastest != Long.MAX_VALUE) {
            fastest[windows++ % BASELINE_WINDOWS] = windowFastest;
            queueing = windowFastest - baseline() > targetNanos;
        } else {
            queueing = oldestWaitingNanos - baseline() > targetNanos;
        }
        queueingWindows = queueing ? queueingWindows + 1 : 0;
        if (queueingWindows >= PERSISTENCE) {
            limit = Math.max(minLimit, Math.min((int) (limit * 0.7), 2 * peakInFlight));
        } else if (!queueing) {
            limit = Math.min(maxLimit, limit + Math.max(1, limit / 5));
        }
        windowStart = nowNanos;
        windowFastest = Long.MAX_VALUE;
        peakInFlight = inFlight;
    }

    /** The fastest decision of the recent windows, the backbone's latency without a queue (none yet: zero). */
    private long baseline() {
        long lowest = MAX_BASELINE_NANOS;
        for (int i = 0, n = Math.min(windows, BASELINE_WINDOWS); i < n; i++) {
            lowest = Math.min(lowest, fastest[i]);
        }
        return windows == 0 ? 0 : lowest;
    }

    synchronized int limit() {
        return limit;
    }

    synchronized int inFlight() {
        return inFlight;
    }

    /** Transactions refused since the start. */
    synchronized long refused() {
        return refused;
    }
}
