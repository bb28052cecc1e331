package net.cpmpf.events;

import java.util.Objects;

/**
 * Where the answer to a request must go: the partition of the edge command topic that belongs to the edge which
 * holds the SIP transaction. SIP transactions live in one edge's memory, so the answer must reach that edge.
 */
public record ReplyAddress(String topic, int partition) {

    public ReplyAddress {
        Objects.requireNonNull(topic, "topic");
        if (partition < 0) {
            throw new IllegalArgumentException("partition must be >= 0: " + partition);
        }
    }
}
