package net.cpmpf.sipedge.sip;

import java.util.Set;

/** A feature that takes the requests of some SIP methods. Must not block: answer later through the request. */
public interface SipRequestHandler {

    /** Upper-case method names, e.g. {@code MESSAGE}. */
    Set<String> methods();

    void handle(InboundRequest request);

    /**
     * An ACK that no transaction absorbed: the ACK of a 2xx this handler sent to an INVITE (RFC 3261 §13.3.1.4), which
     * belongs to the dialog, not to the transaction. Given to the handler of INVITE; it must not be answered.
     */
    default void acknowledged(InboundRequest ack) {}
}
