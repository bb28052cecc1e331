package net.cpmpf.events;

import java.time.Instant;
import java.util.Objects;

/**
 * A message handed to deferral (CR 8.3.2.3): the defer service stores it under {@link #messageUriId()}, the
 * notification service tells the user about it, and it is delivered to each device that registers before {@link
 * #expiresAt()}. Published to {@link Topics#DEFERRALS} keyed by recipient, with {@code acks=all}, <em>before</em> the
 * originator is answered 202: once this event is on the backbone the message is the defer service's to keep.
 *
 * @param messageUriId the deferred message's unique id (the Message-URI-ID of the notification); derived from the
 *     correlation id so that a redelivered decision defers the same message, not a second copy
 * @param message the message as received: original sender headers, content type and body for later delivery
 * @param sender the authenticated originator's CPM address, or {@code null} when the sender is anonymous
 * @param expiresAt when the message is dropped (and the sender told) if no device took it
 * @param reason why the message was deferred
 */
public record MessageDeferred(
        String messageUriId, InboundMessage message, String sender, Instant expiresAt, Reason reason)
        implements CpmEvent {

    public MessageDeferred {
        Objects.requireNonNull(messageUriId, "messageUriId");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(reason, "reason");
    }

    public static MessageDeferred of(InboundMessage message, String sender, Instant expiresAt, Reason reason) {
        return new MessageDeferred(message.correlationId(), message, sender, expiresAt, reason);
    }

    @Override
    public String correlationId() {
        return message.correlationId();
    }

    public String recipient() {
        return message.recipient();
    }

    public enum Reason {
        /** The user's preferences say defer. */
        PREFERENCE,
        /** The user has no registered client able to take the message. */
        NO_CLIENT,
        /** Every selected client refused the message or did not answer. */
        ALL_FORKS_FAILED
    }
}
