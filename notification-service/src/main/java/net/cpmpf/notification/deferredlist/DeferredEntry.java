package net.cpmpf.notification.deferredlist;

import java.time.Instant;
import java.util.Objects;
import net.cpmpf.events.MessageDeferred;

/**
 * One {@code <message>} of a deferred-list document.
 *
 * @param messageUriId and {@code recipient}: our own values, never blank
 * @param sender the authenticated originator's CPM address, or {@code null} (or blank) for an anonymous sender
 *     (written as {@code <anonymous/>}, never as the From header, which an anonymous sender did not mean to reveal)
 * @param contentType the message's; {@code null} or blank: described as {@code text/plain}
 * @param size the body's size in bytes as the PF received it
 */
public record DeferredEntry(
        String messageUriId,
        String sender,
        String recipient,
        Instant date,
        long size,
        String contentType,
        Instant expires,
        State state) {

    public DeferredEntry {
        Objects.requireNonNull(messageUriId, "messageUriId");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(expires, "expires");
        Objects.requireNonNull(state, "state");
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0: " + size);
        }
        if (DeferredListWriter.token(messageUriId).isEmpty()
                || DeferredListWriter.token(recipient).isEmpty()) {
            throw new IllegalArgumentException("a deferred message needs a Message-URI-ID and a recipient");
        }
        sender = sender == null || DeferredListWriter.token(sender).isEmpty() ? null : sender;
        contentType =
                contentType == null || DeferredListWriter.token(contentType).isEmpty() ? "text/plain" : contentType;
    }

    /**
     * The entry for a deferred message: size and type of the message itself (for a large message, of the content the
     * PF received, not of the INVITE's SDP).
     */
    public static DeferredEntry of(MessageDeferred deferred, State state) {
        var message = deferred.message();
        return new DeferredEntry(
                deferred.messageUriId(),
                deferred.sender(),
                message.recipient(),
                message.receivedAt(),
                deferred.size(),
                deferred.contentType(),
                deferred.expiresAt(),
                state);
    }

    /** The {@code state} attribute: still kept for the user, or dropped undelivered. */
    public enum State {
        DEFERRED("deferred"),
        EXPIRED("expired");

        private final String value;

        State(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }
    }
}
