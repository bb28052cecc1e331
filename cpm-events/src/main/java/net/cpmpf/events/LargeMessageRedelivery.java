package net.cpmpf.events;

import java.util.Objects;

/**
 * The defer service asks the delivery service to deliver a deferred large message to one device: fetch the content
 * from {@link #stored()} and send {@link #command()}, with the content filled in, to the edge at {@link #edge()}.
 * Published to {@link Topics#LARGE_MESSAGE_REQUESTS} keyed by the user. The device's in-flight mark is set
 * already; the edge's {@link RequestOutcome} (same correlation id) ends it. When the content is gone the delivery
 * service publishes that outcome itself (404).
 *
 * @param command everything of the edge's command but the content
 */
public record LargeMessageRedelivery(SendLargeMessageCommand command, StoredContent stored, ReplyAddress edge)
        implements CpmEvent {

    public LargeMessageRedelivery {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(stored, "stored");
        Objects.requireNonNull(edge, "edge");
    }

    @Override
    public String correlationId() {
        return command.correlationId();
    }
}
