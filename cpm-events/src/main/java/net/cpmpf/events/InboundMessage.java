package net.cpmpf.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A request received by an edge for a terminating CPM user, waiting for a decision: a Pager Mode SIP MESSAGE, or the
 * SIP INVITE of a Large Message Mode session (CR 8.3.2.1.1), whose body is then the SDP offer. Keyed on the backbone
 * by {@link #recipient()} so that one user's messages stay ordered.
 *
 * @param recipient the terminating user's CPM address (the Request-URI without parameters)
 * @param assertedIdentities {@code P-Asserted-Identity} values as the edge received them (trust-domain screening per
 *     RFC 3325 is not applied yet)
 * @param headers the request's other end-to-end headers, in order (e.g. Expires, Date, Conversation-ID)
 * @param body the raw message body; {@code equals} of this record compares it by reference
 * @param answerBy when the edge stops waiting and answers the transaction itself (503); work on the message after
 *     that is wasted, and under overload it is what keeps a backlog from draining. {@code null}: no deadline
 * @param mode which procedure the request asks for; {@code null} (an older producer) means {@link Mode#PAGER}
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
        Instant answerBy,
        Mode mode)
        implements CpmEvent {

    /** The CPM procedure an inbound request asks for. */
    public enum Mode {
        /** A SIP MESSAGE (CR 8.3.2.1); the body is the message. */
        PAGER,
        /**
         * A SIP INVITE with the large-message feature tag (CR 8.3.2.1.1); the body is the SDP offer, the message itself
         * follows over MSRP once the session is up.
         */
        LARGE_MESSAGE
    }

    /** A Pager Mode message. */
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
            List<SipHeader> headers,
            Instant answerBy) {
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
                answerBy,
                Mode.PAGER);
    }

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
                null,
                Mode.PAGER);
    }

    public InboundMessage {
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(replyTo, "replyTo");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(recipient, "recipient");
        assertedIdentities = assertedIdentities == null ? List.of() : List.copyOf(assertedIdentities);
        headers = headers == null ? List.of() : List.copyOf(headers);
        body = body == null ? new byte[0] : body;
        mode = mode == null ? Mode.PAGER : mode;
    }

    public boolean largeMessage() {
        return mode == Mode.LARGE_MESSAGE;
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

    /** Every value of the named header in order, matched case-insensitively. */
    public List<String> headers(String name) {
        return headers.stream()
                .filter(h -> h.name().equalsIgnoreCase(name))
                .map(SipHeader::value)
                .toList();
    }
}
