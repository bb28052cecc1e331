package net.cpmpf.sipedge.sip;

import java.util.List;
import java.util.Objects;
import net.cpmpf.events.SipHeader;

/**
 * A request this edge originates, free of the SIP stack's types. Dialog state (Call-ID, tags, CSeq, route set) is
 * the caller's: the stack's automatic dialog support is off, so the same type serves initial and in-dialog
 * requests.
 *
 * @param from the From URI; the edge's identity towards the peer
 * @param toTag {@code null} outside a dialog
 * @param route Route URIs in order, each with {@code ;lr} where the peer is a loose router; the request goes to the
 *     first one, else to the Request-URI
 * @param headers extra header fields (Event, Expires, Accept, …)
 * @param branch the Via branch, {@code null} for a fresh one; given only where the same request must be recognised
 *     as a retransmission when it is sent again, even by another edge
 */
public record OutboundRequest(
        String method,
        String requestUri,
        String from,
        String fromTag,
        String to,
        String toTag,
        String callId,
        long cseq,
        List<String> route,
        List<SipHeader> headers,
        String contentType,
        byte[] body,
        String branch) {

    public OutboundRequest(
            String method,
            String requestUri,
            String from,
            String fromTag,
            String to,
            String toTag,
            String callId,
            long cseq,
            List<String> route,
            List<SipHeader> headers,
            String contentType,
            byte[] body) {
        this(method, requestUri, from, fromTag, to, toTag, callId, cseq, route, headers, contentType, body, null);
    }

    public OutboundRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(requestUri, "requestUri");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(fromTag, "fromTag");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(callId, "callId");
        route = route == null ? List.of() : List.copyOf(route);
        headers = headers == null ? List.of() : List.copyOf(headers);
        body = body == null ? new byte[0] : body;
        if (branch != null && !branch.startsWith("z9hG4bK")) {
            throw new IllegalArgumentException("branch without the RFC 3261 magic cookie: " + branch);
        }
    }
}
