package net.cpmpf.sipedge.sip;

import java.util.Arrays;

/**
 * Answers kept for retransmissions, keyed by transaction, in the order they were sent. Each answer is kept for the
 * same time after it was sent, so that order is also the order in which their time runs out, and the log is a ring:
 * appended at the tail, expired from the head.
 *
 * <p>Why primitive arrays rather than a map of objects: at 1,600 MESSAGE/s the log holds some 50,000 answers for
 * Timer J (32 s), and as objects (key, answer, entry, nodes) each young collection copied them again until they were
 * old enough to promote, which set the stack's pauses (bench/RESULTS.md, session 9). A few large arrays hold no
 * references, are allocated outside the young generation once large, and are never copied by a young collection.
 *
 * <p>The bytes of each record (key, then answer) sit in one byte ring, the arena, which grows when a record does not
 * fit, up to {@link #MAX_ARENA}, and never shrinks: it keeps the high-water mark of the answers held. The
 * index is open addressing with linear probing over slot numbers, at most half full, with backward-shift deletion so
 * that no tombstones build up.
 *
 * <p>Not thread-safe: {@link UdpTransactions} calls it under its lock.
 */
final class AnswerLog {

    static final int INITIAL_ARENA = 1 << 20;

    /** Larger would make the index longer than an array may be. */
    static final int MAX_SLOTS = 1 << 29;

    /**
     * The most the arena grows to. Answers are the edge's own, a few hundred bytes, so the default capacity needs some
     * 50 MB; this bound is for a capacity set far higher, where the oldest answers then go before their time.
     */
    static final int MAX_ARENA = 1 << 30;

    private final int slots;
    private final long[] deadline;
    private final int[] hash;
    private final int[] start;
    private final int[] keyLength;
    private final int[] answerLength;
    private final int[] index;
    private final int mask;
    private final int maxArena;
    private byte[] arena;
    private int head;
    private int count;
    private int write;
    private long bytesHeld;

    /** @param slots answers held at most at once */
    AnswerLog(int slots) {
        this(slots, INITIAL_ARENA, MAX_ARENA);
    }

    AnswerLog(int slots, int initialArena, int maxArena) {
        if (slots < 1 || slots > MAX_SLOTS || initialArena < 1 || maxArena < initialArena) {
            throw new IllegalArgumentException(
                    "needs 1 to " + MAX_SLOTS + " slots and an arena of at least one byte, at most its maximum");
        }
        this.maxArena = maxArena;
        this.slots = slots;
        this.deadline = new long[slots];
        this.hash = new int[slots];
        this.start = new int[slots];
        this.keyLength = new int[slots];
        this.answerLength = new int[slots];
        this.index = new int[Integer.highestOneBit(2 * slots - 1) << 1];
        this.mask = index.length - 1;
        this.arena = new byte[initialArena];
    }

    static int hash(byte[] key) {
        int h = Arrays.hashCode(key) * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    int size() {
        return count;
    }

    int arenaBytes() {
        return arena.length;
    }

    /** The answer kept for this key and not yet expired at {@code nowNanos}, as a copy; {@code null} if none. */
    byte[] find(byte[] key, int keyHash, long nowNanos) {
        for (int p = keyHash & mask; index[p] != 0; p = (p + 1) & mask) {
            int s = index[p] - 1;
            // An expired record of the same key may still be held (behind an older one): look on past it.
            if (hash[s] == keyHash && deadline[s] - nowNanos > 0 && matches(s, key)) {
                int from = start[s] + keyLength[s];
                return Arrays.copyOfRange(arena, from, from + answerLength[s]);
            }
        }
        return null;
    }

    /**
     * Keeps an answer until {@code deadline}. The caller guarantees the key is not held already; deadlines are expected
     * in the order of appends (a slightly earlier one only expires a little late, behind its predecessor).
     */
    void append(byte[] key, int keyHash, byte[] answer, long deadlineNanos) {
        if (count == slots) {
            // UdpTransactions counts the log in its capacity, so this does not happen; were it miscounted, the oldest
            // answer expiring early is the lesser harm than overwriting a slot the index still points at.
            removeOldest();
        }
        int length = key.length + answer.length;
        if (length > maxArena) {
            throw new IllegalArgumentException("a record of " + length + " bytes exceeds the arena's " + maxArena);
        }
        int at = place(length);
        System.arraycopy(key, 0, arena, at, key.length);
        System.arraycopy(answer, 0, arena, at + key.length, answer.length);
        int s = (head + count) % slots;
        deadline[s] = deadlineNanos;
        hash[s] = keyHash;
        start[s] = at;
        keyLength[s] = key.length;
        answerLength[s] = answer.length;
        int p = keyHash & mask;
        while (index[p] != 0) {
            p = (p + 1) & mask;
        }
        index[p] = s + 1;
        count++;
        bytesHeld += length;
        write = at + length;
    }

    /** Drops the answers whose time is up at {@code nowNanos}, oldest first. */
    void expire(long nowNanos) {
        while (count > 0 && deadline[head] - nowNanos <= 0) {
            removeOldest();
        }
    }

    private boolean matches(int s, byte[] key) {
        return keyLength[s] == key.length && Arrays.equals(arena, start[s], start[s] + key.length, key, 0, key.length);
    }

    /**
     * Where a record of {@code length} bytes goes: after the newest record, or at the arena's start when the end has
     * no room. The free space never closes up entirely, so with records held {@code write == start[head]} cannot
     * happen, and {@code write < start[head]} means the ring has wrapped. When neither has room the records move to a
     * larger arena, or, when even the largest would not hold them all, the oldest answers go before their time until
     * it would: better than not keeping this one.
     */
    private int place(int length) {
        while (true) {
            if (count == 0) {
                if (length > arena.length) {
                    arena = new byte[grown(length)];
                }
                return 0;
            }
            int oldest = start[head];
            if (write > oldest) {
                if (length <= arena.length - write) {
                    return write;
                }
                if (length < oldest) {
                    return 0;
                }
            } else if (length < oldest - write) {
                return write;
            }
            long needed = bytesHeld + length + 1;
            if (needed <= maxArena) {
                compactInto(new byte[grown(needed)]);
                return write;
            }
            removeOldest();
        }
    }

    private int grown(long needed) {
        return (int) Math.min(maxArena, Math.max(needed, 2L * arena.length));
    }

    /** Copies the records, oldest first, to the start of a new arena, larger unless it is at its largest. */
    private void compactInto(byte[] larger) {
        int at = 0;
        for (int i = 0, s = head; i < count; i++, s = (s + 1) % slots) {
            int length = keyLength[s] + answerLength[s];
            System.arraycopy(arena, start[s], larger, at, length);
            start[s] = at;
            at += length;
        }
        arena = larger;
        write = at;
    }

    private void removeOldest() {
        int s = head;
        int p = hash[s] & mask;
        while (index[p] != s + 1) {
            p = (p + 1) & mask;
        }
        // Backward-shift deletion: pull later entries of the probe run into the gap unless their home lies after it.
        for (int q = (p + 1) & mask; index[q] != 0; q = (q + 1) & mask) {
            int home = hash[index[q] - 1] & mask;
            if (((q - home) & mask) >= ((q - p) & mask)) {
                index[p] = index[q];
                p = q;
            }
        }
        index[p] = 0;
        bytesHeld -= keyLength[s] + answerLength[s];
        head = (head + 1) % slots;
        count--;
        if (count == 0) {
            write = 0;
        }
    }
}
