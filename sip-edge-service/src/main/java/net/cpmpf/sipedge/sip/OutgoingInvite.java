package net.cpmpf.sipedge.sip;

import java.util.concurrent.CompletableFuture;

/** An INVITE this edge sent (RFC 3261 §17.1.1): its final response, and a CANCEL while it has none. */
public interface OutgoingInvite {

    /**
     * The final response. A 2xx must be acknowledged by the caller ({@link SipClient#ack}): the ACK of a 2xx belongs to
     * the dialog, not to the transaction (§13.2.2.4). Fails like {@link SipClient#send}.
     */
    CompletableFuture<SipResponse> answer();

    /**
     * Cancels the INVITE (§9.1): at once when a provisional response has come, else as soon as one comes, since a
     * CANCEL must not overtake the INVITE. Nothing once the final response is in: a 2xx that crosses the CANCEL still
     * needs an ACK and a BYE.
     */
    void cancel();
}
