package net.cpmpf.events;

import java.util.List;
import java.util.Objects;

/**
 * Tells an edge to originate a request (outside any inbound transaction): a deferred message for a device, or a
 * system message. The edge sends it in its own client transaction and publishes a {@link RequestOutcome} with the
 * same {@link #correlationId()} and {@link #key()} to {@link Topics#REQUEST_OUTCOMES}.
 *
 * @param correlationId unique per attempt; the outcome carries it back
 * @param purpose who asked, so that each consumer of the outcomes picks its own: {@code redelivery}, {@code
 *     notification}, {@code expiry-notice}
 * @param key the partition key of the outcome (the user concerned)
 * @param from the From address (name-addr or URI, no tag: the edge adds one)
 * @param headers further header fields (P-Asserted-Identity, Accept-Contact, Conversation-ID, …)
 * @param body {@code equals} of this record compares it by reference
 */
public record SendRequestCommand(
        String correlationId,
        String purpose,
        String key,
        String method,
        String requestUri,
        String from,
        String to,
        List<SipHeader> headers,
        String contentType,
        byte[] body)
        implements EdgeCommand {

    public SendRequestCommand {
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(requestUri, "requestUri");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        headers = headers == null ? List.of() : List.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }
}
