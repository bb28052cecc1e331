package net.cpmpf.events;

import java.util.Objects;

/**
 * How a {@link ForkCommand} ended, published by the edge to {@link Topics#DELIVERY_OUTCOMES} keyed by recipient once
 * every branch has ended or been given up.
 *
 * @param message the message as received
 * @param status the final status the originator got
 * @param deliveredTo the branch whose 2xx was relayed, or {@code null}
 * @param deferred whether the message was handed to deferral instead
 * @param sender the authenticated originator, from the command
 * @param history from the command: record a delivered message in the conversation history
 */
public record DeliveryOutcome(
        InboundMessage message, int status, ForkTarget deliveredTo, boolean deferred, String sender, boolean history)
        implements CpmEvent {

    public DeliveryOutcome {
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String correlationId() {
        return message.correlationId();
    }

    public boolean delivered() {
        return deliveredTo != null;
    }
}
