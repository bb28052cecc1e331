package net.cpmpf.sipedge.sip;

import java.util.Optional;
import java.util.Set;

/**
 * CANCEL as a UAS takes it (RFC 3261 9.2): 481 without a matching unanswered request; otherwise 200, and an INVITE
 * still pending is ended with 487. A non-INVITE request is not affected.
 */
final class CancelHandler implements SipRequestHandler {

    private final PendingRequests pending;

    CancelHandler(PendingRequests pending) {
        this.pending = pending;
    }

    @Override
    public Set<String> methods() {
        return Set.of("CANCEL");
    }

    @Override
    public void handle(InboundRequest request) {
        Optional<StackInboundRequest> target = pending.cancelled(((StackInboundRequest) request).stackRequest());
        if (target.isEmpty()) {
            request.reply(SipReply.of(481, "Call/Transaction Does Not Exist"));
            return;
        }
        request.reply(SipReply.of(200, "OK"));
        if ("INVITE".equals(target.get().method()) && target.get().reply(SipReply.of(487, "Request Terminated"))) {
            target.get().cancelled();
        }
    }
}
