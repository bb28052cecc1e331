package net.cpmpf.events;

import java.util.List;
import java.util.Objects;

/**
 * Tells an edge to deliver a deferred large message to one device (CR 8.3.2.4.x, later delivery): the edge sends an
 * INVITE with the large-message feature tag and its own MSRP offer ({@code setup:active}) to {@link #requestUri()},
 * acknowledges the 200, connects to the device's MSRP path, sends {@link #content()} in SEND chunks, waits for the
 * 200 of each, ends the session with BYE, and publishes a {@link RequestOutcome} with the same {@link
 * #correlationId()}, {@link #purpose()} and {@link #key()} to {@link Topics#REQUEST_OUTCOMES}, as for a {@link
 * SendRequestCommand}.
 *
 * <p>The content travels in the command, on the edge's partition of {@link Topics#EDGE_COMMANDS}, whose {@code
 * max.message.bytes} is sized for it like the content topic's.
 *
 * @param from the original sender (name-addr or URI, no tag: the edge adds one)
 * @param headers further end-to-end headers of the original request
 * @param contentType the content's type as the originator sent it (e.g. message/cpim)
 * @param content byte-exact; {@code equals} of this record compares it by reference
 */
public record SendLargeMessageCommand(
        String correlationId,
        String purpose,
        String key,
        String requestUri,
        String from,
        String to,
        List<SipHeader> headers,
        String contentType,
        byte[] content)
        implements EdgeCommand {

    public SendLargeMessageCommand {
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(requestUri, "requestUri");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(contentType, "contentType");
        headers = headers == null ? List.of() : List.copyOf(headers);
        content = content == null ? new byte[0] : content;
    }

    /** The same command carrying {@code bytes}. */
    public SendLargeMessageCommand withContent(byte[] bytes) {
        return new SendLargeMessageCommand(
                correlationId, purpose, key, requestUri, from, to, headers, contentType, bytes);
    }
}
