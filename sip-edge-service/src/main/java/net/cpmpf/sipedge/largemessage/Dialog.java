package net.cpmpf.sipedge.largemessage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.cpmpf.events.SipHeader;
import net.cpmpf.sipedge.sip.OutboundRequest;

/**
 * One side of the B2BUA's session as RFC 3261 §12 keeps it: enough to send the requests of a dialog (ACK, BYE).
 *
 * @param localUri our From in requests we send, as a name-addr without tag
 * @param remoteUri their address, our To
 * @param remoteTarget the Request-URI: the peer's Contact URI
 * @param routeSet Route URIs in the order they go on our requests
 */
record Dialog(
        String callId,
        String localUri,
        String localTag,
        String remoteUri,
        String remoteTag,
        String remoteTarget,
        List<String> routeSet,
        AtomicLong cseq) {

    /** The dialog as the UAS of {@code Record-Route}d INVITE sees it: its route set is the Record-Route in order. */
    static Dialog asServer(
            String callId, String to, String localTag, String from, String fromTag, String contact, List<String> rr) {
        return new Dialog(callId, to, localTag, from, fromTag, contactUri(contact), List.copyOf(rr), new AtomicLong(1));
    }

    /** The dialog as the UAC sees it from the 2xx: its route set is the 2xx's Record-Route reversed (§12.1.2). */
    static Dialog asClient(
            String callId,
            String from,
            String fromTag,
            String to,
            String toTag,
            String contact,
            List<String> rr,
            long inviteCseq) {
        List<String> routes = new ArrayList<>(rr);
        Collections.reverse(routes);
        return new Dialog(callId, from, fromTag, to, toTag, contactUri(contact), routes, new AtomicLong(inviteCseq));
    }

    /** A request in this dialog with the next CSeq number. */
    OutboundRequest next(String method) {
        return request(method, cseq.incrementAndGet());
    }

    /** The ACK of the 2xx to the INVITE with CSeq {@code inviteCseq} (§13.2.2.4). */
    OutboundRequest ack(long inviteCseq) {
        return request("ACK", inviteCseq);
    }

    private OutboundRequest request(String method, long number) {
        return new OutboundRequest(
                method,
                remoteTarget,
                localUri,
                localTag,
                remoteUri,
                remoteTag,
                callId,
                number,
                routeSet.stream().map(Dialog::routeAddress).toList(),
                List.<SipHeader>of(),
                null,
                null);
    }

    /** The URI of a Contact value: inside the angle brackets, else up to the header parameters. */
    static String contactUri(String contact) {
        String value = contact.strip();
        int open = value.indexOf('<');
        int close = value.indexOf('>');
        if (open >= 0 && close > open) {
            return value.substring(open + 1, close);
        }
        int semicolon = value.indexOf(';');
        return semicolon < 0 ? value : value.substring(0, semicolon);
    }

    /** A Record-Route value as a Route address, keeping its URI parameters ({@code ;lr}). */
    private static String routeAddress(String recordRoute) {
        String value = recordRoute.strip();
        return value.startsWith("<") ? value : "<" + value + ">";
    }
}
