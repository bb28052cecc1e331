package net.cpmpf.sipedge.sip;

import java.util.Set;

/** A feature that takes the requests of some SIP methods. Must not block: answer later through the request. */
public interface SipRequestHandler {

    /** Upper-case method names, e.g. {@code MESSAGE}. */
    Set<String> methods();

    void handle(InboundRequest request);
}
