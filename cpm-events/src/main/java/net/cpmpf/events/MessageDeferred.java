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
 * @param content for a {@link InboundMessage.Mode#LARGE_MESSAGE} message: the content the PF received as the MSRP
 *     endpoint, kept apart in the user's message store (the {@link #message()} is then the INVITE, its body the SDP
 *     offer); {@code null} for a Pager Mode message, whose content is the message's body
 */
public record MessageDeferred(
        String messageUriId,
        InboundMessage message,
        String sender,
        Instant expiresAt,
        Reason reason,
        StoredContent content)
        implements CpmEvent {

    public MessageDeferred {
        Objects.requireNonNull(messageUriId, "messageUriId");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(reason, "reason");
    }

    /** A message whose content travels in {@link InboundMessage#body()} (Pager Mode). */
    public MessageDeferred(
            String messageUriId, InboundMessage message, String sender, Instant expiresAt, Reason reason) {
        this(messageUriId, message, sender, expiresAt, reason, null);
    }

    /** The same deferral, its content now kept at {@code stored}. */
    public MessageDeferred withContent(StoredContent stored) {
        return new MessageDeferred(messageUriId, message, sender, expiresAt, reason, stored);
    }

    /** The content type of the deferred message itself (not of the INVITE's SDP for a large message). */
    public String contentType() {
        return content != null ? content.contentType() : message.contentType();
    }

    /** The size in bytes of the deferred message itself. */
    public long size() {
        return content != null ? content.size() : message.body().length;
    }

    public static MessageDeferred of(InboundMessage message, String sender, Instant expiresAt, Reason reason) {
        return new MessageDeferred(message.correlationId(), message, sender, expiresAt, reason);
    }

    public static MessageDeferred of(InboundMessage message, String sender, Terms terms) {
        return of(message, sender, terms.expiresAt(), terms.reason());
    }

    @Override
    public String correlationId() {
        return message.correlationId();
    }

    public String recipient() {
        return message.recipient();
    }

    /**
     * A deferral decided for a message that the edge still holds: a command to the edge carries these instead of a
     * {@code MessageDeferred}, whose copy of the message would travel back to where it came from.
     */
    public record Terms(Instant expiresAt, Reason reason) {

        public Terms {
            Objects.requireNonNull(expiresAt, "expiresAt");
            Objects.requireNonNull(reason, "reason");
        }
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
