package net.cpmpf.delivery.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import net.cpmpf.events.CpmAddress;
import net.cpmpf.events.InboundMessage;
import net.cpmpf.events.SipHeader;

/**
 * A Pager Mode message as it goes into a user's CPM message store.
 *
 * @param user the recipient's CPM address, e.g. {@code sip:bob@example.com}; the store of this user is written
 * @param sender the authenticated originator's URI (bare URI, no display name)
 * @param receivedAt when the PF received the SIP request
 * @param contentType the SIP request's {@code Content-Type}, or null when it had none
 * @param body the SIP request's body, exactly as received; {@code equals} of this record compares it by reference
 *     and it is not copied, so callers must not change it afterwards
 * @param headers the SIP request's end-to-end headers, names as received
 * @param direction whether the user received or sent the message
 * @param correlationId the PF's id of the message (the same for every copy of one originator transaction), or
 *     {@code null}; names the message in the store when the sender gave no IMDN-Message-ID
 */
public record StoredMessage(
        String user,
        String sender,
        Instant receivedAt,
        String contentType,
        byte[] body,
        List<SipHeader> headers,
        Direction direction,
        String correlationId) {

    public StoredMessage {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(direction, "direction");
        body = body == null ? new byte[0] : body;
        headers = headers == null ? List.of() : List.copyOf(headers);
    }

    /**
     * A message the user received, as the edge saw it.
     *
     * @param sender the authenticated originator, or {@code null} when anonymous: then the From URI is all there is
     */
    public static StoredMessage received(InboundMessage message, String sender) {
        return new StoredMessage(
                message.recipient(),
                sender != null ? sender : CpmAddress.uriOf(message.from()),
                message.receivedAt(),
                message.contentType(),
                message.body(),
                message.headers(),
                Direction.RECEIVED,
                message.correlationId());
    }

    /** The first value of the named header, matched case-insensitively (compact forms are not expanded). */
    public Optional<String> header(String name) {
        return headers.stream()
                .filter(h -> h.name().equalsIgnoreCase(name))
                .map(SipHeader::value)
                .findFirst();
    }

    /** OMA CPM Message Storage's {@code Message-Direction}. */
    public enum Direction {
        RECEIVED("received"),
        SENT("sent");

        private final String headerValue;

        Direction(String headerValue) {
            this.headerValue = headerValue;
        }

        public String headerValue() {
            return headerValue;
        }
    }
}
