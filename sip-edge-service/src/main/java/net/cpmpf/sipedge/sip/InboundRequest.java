package net.cpmpf.sipedge.sip;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import net.cpmpf.events.SipHeader;

/**
 * A SIP request as the features see it, free of the SIP stack's types. Retransmissions are absorbed below this
 * interface: a feature sees each transaction once.
 */
public interface InboundRequest {

    String method();

    String requestUri();

    /** The first value of a header, by long or compact name, case-insensitively. */
    Optional<String> header(String name);

    /** Every value of a header, in order, with comma-separated values split. */
    List<String> headers(String name);

    /** Every header field except the ones the transaction layer owns (Via, Route, Record-Route, Content-Length). */
    List<SipHeader> endToEndHeaders();

    /** The Content-Type, or {@code null} without a body. */
    String contentType();

    byte[] body();

    /** {@code udp}, {@code tcp} or {@code tls}. */
    String transport();

    InetSocketAddress source();

    /**
     * Answers the transaction. Thread-safe; only the first call sends anything.
     *
     * @return whether this call sent the response
     */
    boolean reply(SipReply reply);

    /** The To tag this edge gives its responses (its own tag once a dialog forms), or {@code null} when unknown. */
    default String localTag() {
        return null;
    }

    /**
     * Runs {@code action} when a CANCEL ends this request before a final response (it has been answered 487 by then).
     * Only INVITEs can be cancelled; for others, and after the final response, the action never runs.
     */
    default void whenCancelled(Runnable action) {}
}
