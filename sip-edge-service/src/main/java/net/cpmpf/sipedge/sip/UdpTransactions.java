package net.cpmpf.sipedge.sip;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.atomic.LongAdder;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;

/**
 * The server transactions of non-INVITE requests over UDP (RFC 3261 17.2.2), kept here rather than by the RI. Over
 * UDP a transaction must outlive its answer by Timer J (64 × T1, 32 s) so that a retransmitted request gets the same
 * answer again instead of being taken as a new message. The RI keeps a whole transaction object for that time,
 * about 2.4 KB in some forty objects; at 1,600 MESSAGE/s that is 50,000 transactions that every young collection
 * copied again, which set the stack's pauses (bench/RESULTS.md). Here a transaction being handled is a small object,
 * and an answered one is its key and the answer's bytes in an {@link AnswerLog}, which young collections never copy.
 *
 * <p>Expiry is lazy: admissions drop the transactions whose time is up, oldest first. The answers expire in the order
 * they were sent; the transactions still being handled in the order they came, so one handled for long holds back
 * the ones that came after it, which are small, until it is answered or its own time is up; {@link #admit} never
 * treats an expired transaction as live. One lock guards it all: each call holds it for a lookup and a copy.
 */
final class UdpTransactions {

    /** Timer J for UDP: 64 × T1, T1 = 500 ms (RFC 3261 17.1.2.2 and 17.2.2). */
    static final Duration TIMER_J = Duration.ofSeconds(32);

    private static final String MAGIC_COOKIE = "z9hG4bK";

    private final int capacity;
    private final long retentionNanos;
    private final Map<String, Transaction> handling = new HashMap<>();
    private final Queue<Transaction> byArrival = new ArrayDeque<>();
    private final AnswerLog answers;
    private final LongAdder refused = new LongAdder();

    /**
     * @param capacity transactions kept at once, answered or not; a new request beyond it is not admitted
     * @param retention how long a transaction is kept after its answer, and at most without one
     */
    UdpTransactions(int capacity, Duration retention) {
        if (capacity < 1 || capacity > AnswerLog.MAX_SLOTS || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException(
                    "needs a capacity of 1 to " + AnswerLog.MAX_SLOTS + " and a positive retention");
        }
        this.capacity = capacity;
        this.retentionNanos = retention.toNanos();
        this.answers = new AnswerLog(capacity);
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

    /**
     * The same request again: send its answer again, if it has one yet (RFC 3261 17.2.2, Trying: absorb).
     *
     * @param answer a copy of the answer as sent, or {@code null} while the request is still being handled
     */
    record Retransmission(byte[] answer) implements Admission {}

    /** The table holds {@code capacity} transactions: refuse the request statelessly. */
    record Full() implements Admission {}

    synchronized Admission admit(String key, long nowNanos) {
        expire(nowNanos);
        Transaction known = handling.get(key);
        if (known != null) {
            if (!known.expired(nowNanos)) {
                return new Retransmission(null);
            }
            handling.remove(key);
        }
        byte[] bytes = bytes(key);
        int hash = AnswerLog.hash(bytes);
        byte[] answer = answers.find(bytes, hash, nowNanos);
        if (answer != null) {
            return new Retransmission(answer);
        }
        if (size() >= capacity) {
            refused.increment();
            return new Full();
        }
        Transaction created = new Transaction(key, bytes, hash, nowNanos + retentionNanos);
        handling.put(key, created);
        byArrival.add(created);
        return new Fresh(created);
    }

    synchronized int size() {
        return handling.size() + answers.size();
    }

    /** Transactions held now, after dropping those whose time is up (no admission may have come to do it). */
    synchronized int held(long nowNanos) {
        expire(nowNanos);
        return size();
    }

    /** Bytes the kept answers' arena takes: it grows to the most answer bytes held at once and stays there. */
    synchronized long answerBytes() {
        return answers.arenaBytes();
    }

    /** New requests not admitted because the table was full, since it was made. */
    long refused() {
        return refused.sum();
    }

    private synchronized void answered(Transaction transaction, byte[] datagram, long nowNanos) {
        transaction.answered = true;
        if (!handling.remove(transaction.key, transaction)) {
            return; // its time ran out while it was handled: a retransmission now is a new request, as with the RI
        }
        expire(nowNanos);
        answers.append(transaction.keyBytes, transaction.keyHash, datagram, nowNanos + retentionNanos);
    }

    private void expire(long nowNanos) {
        answers.expire(nowNanos);
        for (Transaction oldest;
                (oldest = byArrival.peek()) != null && (oldest.answered || oldest.expired(nowNanos)); ) {
            byArrival.poll();
            handling.remove(oldest.key, oldest);
        }
    }

    private static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    /** One request's transaction while it is handled. */
    final class Transaction {

        private final String key;
        private final byte[] keyBytes; // encoded and hashed once, at admission: the answer is kept under them
        private final int keyHash;
        private final long deadline;
        private boolean answered; // guarded by the UdpTransactions' lock

        private Transaction(String key, byte[] keyBytes, int keyHash, long deadline) {
            this.key = key;
            this.keyBytes = keyBytes;
            this.keyHash = keyHash;
            this.deadline = deadline;
        }

        /**
         * Records the answer sent, to send again on a retransmission until Timer J runs out. Where it went is not
         * kept: a retransmission carries the same Via, so its answer goes to the same place. The bytes are copied.
         */
        void answered(byte[] datagram, long nowNanos) {
            UdpTransactions.this.answered(this, datagram, nowNanos);
        }

        private boolean expired(long nowNanos) {
            return deadline - nowNanos <= 0;
        }
    }
}
