package net.cpmpf.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Pager Mode SIP MESSAGE received by an edge for a terminating CPM user, waiting for a decision. Keyed on the
 * backbone by {@link #recipient()} so that one user's messages stay ordered.
 *
 * @param recipient the terminating user's CPM address (the Request-URI without parameters)
 * @param assertedIdentities {@code P-Asserted-Identity} values as the edge received them (trust-domain screening per
 *     RFC 3325 is not applied yet)
 * @param headers the request's other end-to-end headers, in order (e.g. Expires, Date, Conversation-ID)
 * @param body the raw message body; {@code equals} of this record compares it by reference
 * @param answerBy when the edge stops waiting and answers the transaction itself (503); work on the message after
 *     that is wasted, and under overload it is what keeps a backlog from draining. {@code null}: no deadline
 */
public record InboundMessage(
        String correlationId,
        ReplyAddress replyTo,
        Instant receivedAt,
        String recipient,
        String requestUri,
        String from,
        String to,
        String callId,
        List<String> assertedIdentities,
        String contentType,
        byte[] body,
        List<SipHeader> headers,
        Instant answerBy)
        implements CpmEvent {

    public InboundMessage(
            String correlationId,
            ReplyAddress replyTo,
            Instant receivedAt,
            String recipient,
            String requestUri,
            String from,
            String to,
            String callId,
            List<String> assertedIdentities,
            String contentType,
            byte[] body,
            List<SipHeader> headers) {
        this(
                correlationId,
                replyTo,
                receivedAt,
                recipient,
                requestUri,
                from,
                to,
                callId,
                assertedIdentities,
                contentType,
                body,
                headers,
                null);
    }

    public InboundMessage {
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(replyTo, "replyTo");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(recipient, "recipient");
        assertedIdentities = assertedIdentities == null ? List.of() : List.copyOf(assertedIdentities);
        headers = headers == null ? List.of() : List.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    /** Whether the edge has given up waiting for this message's answer by {@code now}. */
    public boolean abandoned(Instant now) {
        return answerBy != null && now.isAfter(answerBy);
    }

    /** The first value of the named header, matched case-insensitively. */
    public Optional<String> header(String name) {
        return headers.stream()
                .filter(h -> h.name().equalsIgnoreCase(name))
                .map(SipHeader::value)
                .findFirst();
    }
}
