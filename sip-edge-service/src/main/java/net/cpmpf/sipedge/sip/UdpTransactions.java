package net.cpmpf.sipedge.sip;

import java.time.Duration;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;

/**
 * The server transactions of non-INVITE requests over UDP (RFC 3261 17.2.2), kept here rather than by the RI. Over
 * UDP a transaction must outlive its answer by Timer J (64 × T1, 32 s) so that a retransmitted request gets the same
 * answer again instead of being taken as a new message. The RI keeps a whole transaction object for that time,
 * about 2.4 KB in some forty objects; at 1,600 MESSAGE/s that is 50,000 transactions that every young collection
 * copied again, which set the stack's pauses (bench/RESULTS.md). Here an answered transaction is its key and the
 * answer's bytes.
 *
 * <p>Expiry is lazy: admissions drop the transactions whose time is up, oldest first, one worker at a time. A
 * transaction answered late sits in that queue at its arrival and holds back the ones behind it until its own time is
 * up; they are at most one answer delay late, and {@link #admit} never treats an expired transaction as live.
 */
final class UdpTransactions {

    /** Timer J for UDP: 64 × T1, T1 = 500 ms (RFC 3261 17.1.2.2 and 17.2.2). */
    static final Duration TIMER_J = Duration.ofSeconds(32);

    private static final String MAGIC_COOKIE = "z9hG4bK";

    private final int capacity;
    private final long retentionNanos;
    private final ConcurrentHashMap<String, Transaction> byKey = new ConcurrentHashMap<>();
    private final Queue<Transaction> byArrival = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean expiring = new AtomicBoolean();
    private final LongAdder refused = new LongAdder();

    /**
     * @param capacity transactions kept at once, answered or not; a new request beyond it is not admitted
     * @param retention how long a transaction is kept after its answer, and at most without one
     */
    UdpTransactions(int capacity, Duration retention) {
        if (capacity < 1 || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("needs a positive capacity and retention");
        }
        this.capacity = capacity;
        this.retentionNanos = retention.toNanos();
    }

    /**
     * The transaction key of RFC 3261 17.2.3: top Via branch, sent-by and method. Empty for a request without an RFC
     * 3261 branch, which only the RI's own matching (RFC 2543 rules) can place.
     */
    static Optional<String> key(Request request) {
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        if (via == null || via.getBranch() == null || !via.getBranch().startsWith(MAGIC_COOKIE)) {
            return Optional.empty();
        }
        return Optional.of(via.getBranch() + '|' + via.getHost() + ':' + via.getPort() + '|' + request.getMethod());
    }

    /** What to do with a request: a new transaction, a retransmission of a live one, or no room. */
    sealed interface Admission {}

    /** A new request: handle it, then {@link Transaction#answered} with the answer sent. */
    record Fresh(Transaction transaction) implements Admission {}

    /** The same request again: send its answer again, if it has one yet (RFC 3261 17.2.2, Trying: absorb). */
    record Retransmission(Transaction transaction) implements Admission {}

    /** The table holds {@code capacity} transactions: refuse the request statelessly. */
    record Full() implements Admission {}

    Admission admit(String key, long nowNanos) {
        expire(nowNanos);
        Transaction known = byKey.get(key);
        if (known != null) {
            if (!known.expired(nowNanos)) {
                return new Retransmission(known);
            }
            byKey.remove(key, known);
        }
        if (byKey.size() >= capacity) {
            refused.increment();
            return new Full();
        }
        Transaction created = new Transaction(key, nowNanos + retentionNanos);
        Transaction raced = byKey.putIfAbsent(key, created);
        if (raced != null) {
            return new Retransmission(raced); // the same request, read by another worker at the same moment
        }
        byArrival.add(created);
        return new Fresh(created);
    }

    int size() {
        return byKey.size();
    }

    /** Transactions held now, after dropping those whose time is up (no admission may have come to do it). */
    int held(long nowNanos) {
        expire(nowNanos);
        return byKey.size();
    }

    /** New requests not admitted because the table was full, since it was made. */
    long refused() {
        return refused.sum();
    }

    private void expire(long nowNanos) {
        // One remover at a time, so the head it peeks is the head it polls: two workers racing for the same head would
        // make the loser's remove(Object) walk the whole queue. A worker that finds another expiring just goes on.
        if (!expiring.compareAndSet(false, true)) {
            return;
        }
        try {
            for (Transaction oldest; (oldest = byArrival.peek()) != null && oldest.expired(nowNanos); ) {
                byArrival.poll();
                byKey.remove(oldest.key, oldest);
            }
        } finally {
            expiring.set(false);
        }
    }

    /** One request's transaction: its answer once there is one. */
    final class Transaction {

        private final String key;
        private volatile long deadline;
        private volatile byte[] answer;

        private Transaction(String key, long deadline) {
            this.key = key;
            this.deadline = deadline;
        }

        /**
         * Records the answer sent, to send again on a retransmission until Timer J runs out. Where it went is not
         * kept: a retransmission carries the same Via, so its answer goes to the same place.
         */
        void answered(byte[] datagram, long nowNanos) {
            answer = datagram;
            deadline = nowNanos + retentionNanos;
        }

        /** The answer as sent, or {@code null} while the request is still being handled. */
        byte[] answer() {
            return answer;
        }

        private boolean expired(long nowNanos) {
            return deadline - nowNanos <= 0;
        }
    }
}
