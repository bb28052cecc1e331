package net.cpmpf.sipedge.sip;

import java.util.concurrent.TimeUnit;

/**
 * Since when an inbound connection has been waiting for the end of a message: from its accept until its first message,
 * then from the first byte of each message until the message is parsed. Idle time between messages does not count,
 * and neither do CRLF keep-alives (RFC 5626 §3.5.1). Fed by the connection's reading thread and its parsing threads.
 */
final class MessageDeadline {

    /** System.nanoTime() of the accept or of the first byte of the message being read; 0 between messages. */
    private volatile long waitingSince = System.nanoTime();

    /** Bytes of the message stream arrived (plain text: for TLS, after decryption). */
    void onBytes(byte[] bytes) {
        if (waitingSince == 0 && !onlyLineEnds(bytes)) {
            waitingSince = System.nanoTime();
        }
    }

    /**
     * A whole message was parsed. Runs on a post-parsing thread: it may clear a mark set for the next message's first
     * bytes, which then starts counting at its next chunk.
     */
    void onMessage() {
        waitingSince = 0;
    }

    boolean overdue(long now, long timeoutMillis) {
        long since = waitingSince;
        return since != 0 && now - since > TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    private static boolean onlyLineEnds(byte[] bytes) {
        for (byte b : bytes) {
            if (b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }
}
