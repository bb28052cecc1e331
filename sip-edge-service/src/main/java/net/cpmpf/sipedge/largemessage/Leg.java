package net.cpmpf.sipedge.largemessage;

import java.util.List;
import net.cpmpf.events.ForkTarget;
import net.cpmpf.msrp.MsrpUri;
import net.cpmpf.sipedge.sip.NameAddr;
import net.cpmpf.sipedge.sip.OutboundRequest;
import net.cpmpf.sipedge.sip.OutgoingInvite;
import net.cpmpf.sipedge.sip.SipResponse;

/** One branch of a large-message fork: the INVITE to one client, and its dialog once that answers 2xx. */
final class Leg {

    static final long INVITE_CSEQ = 1;

    final ForkTarget target;
    final MsrpUri msrpUri;
    final OutboundRequest request;
    OutgoingInvite invite;
    /** Counted in the fork: answered, or given up after the ring timeout. */
    boolean ended;

    Dialog dialog;

    Leg(ForkTarget target, MsrpUri msrpUri, OutboundRequest request) {
        this.target = target;
        this.msrpUri = msrpUri;
        this.request = request;
    }

    String callId() {
        return request.callId();
    }

    /** The dialog this 2xx creates (RFC 3261 §12.1.2). */
    Dialog confirm(SipResponse ok) {
        String toTag = ok.header("To").flatMap(NameAddr::tag).orElse(null);
        String contact = ok.header("Contact").orElse(request.requestUri());
        List<String> recordRoute = ok.headers("Record-Route");
        dialog = Dialog.asClient(
                request.callId(),
                request.from(),
                request.fromTag(),
                request.to(),
                toTag,
                contact,
                recordRoute,
                INVITE_CSEQ);
        return dialog;
    }
}
