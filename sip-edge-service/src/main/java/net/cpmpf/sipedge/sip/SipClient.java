package net.cpmpf.sipedge.sip;

import java.util.concurrent.CompletableFuture;

/** Requests the edge originates, each in its own client transaction (RFC 3261 §17.1). */
public interface SipClient {

    /**
     * Sends a request and completes with its final response. Provisional responses are absorbed.
     *
     * @return fails with {@link java.util.concurrent.TimeoutException} when the transaction times out (Timer B/F),
     *     or with the stack's error when the request cannot be sent
     */
    CompletableFuture<SipResponse> send(OutboundRequest request);

    /** This edge's own SIP URI for Contact headers, e.g. {@code sip:127.0.0.1:5060}. */
    String contactUri();

    /**
     * Sends an INVITE in its own client transaction; provisional responses make a {@link OutgoingInvite#cancel()}
     * possible.
     */
    default OutgoingInvite invite(OutboundRequest invite) {
        throw new UnsupportedOperationException("this client does not send INVITEs");
    }

    /**
     * Sends the ACK of a 2xx to an INVITE, outside any transaction (RFC 3261 §13.2.2.4): {@code ack} carries the
     * dialog's Request-URI (the remote target), route set, tags and the INVITE's CSeq number.
     */
    default void ack(OutboundRequest ack) {
        throw new UnsupportedOperationException("this client does not send ACKs");
    }
}
