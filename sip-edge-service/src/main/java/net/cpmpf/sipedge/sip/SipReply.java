package net.cpmpf.sipedge.sip;

import java.time.Duration;
import java.util.List;
import net.cpmpf.events.SipHeader;

/**
 * A final response for an {@link InboundRequest}. The SIP layer adds what every response carries (Via, From, To tag,
 * Call-ID, CSeq, Server); {@link #headers()} are the extra ones.
 */
public record SipReply(int status, String reason, List<SipHeader> headers, String contentType, byte[] body) {

    public SipReply {
        headers = headers == null ? List.of() : List.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    public static SipReply of(int status, String reason, SipHeader... headers) {
        return new SipReply(status, reason, List.of(headers), null, null);
    }

    /**
     * 503 Service Unavailable with {@code Retry-After} (RFC 3261 §21.5.4): the originator, or a proxy in front of the
     * edge, should send elsewhere or later. Retry-After counts whole seconds, at least one.
     */
    public static SipReply unavailable(Duration retryAfter) {
        long seconds = Math.max(1, retryAfter.toSeconds());
        return of(503, "Service Unavailable", new SipHeader("Retry-After", Long.toString(seconds)));
    }
}
