package net.cpmpf.sipedge.sip;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.cpmpf.events.SipHeader;

/** Answers OPTIONS with what this edge takes (RFC 3261 11.2); the Server header is added to every response. */
final class OptionsHandler implements SipRequestHandler {

    private final SipReply answer;

    OptionsHandler(String allow, List<String> accept, List<String> supported) {
        List<SipHeader> headers = new ArrayList<>();
        headers.add(new SipHeader("Allow", allow));
        if (!accept.isEmpty()) {
            headers.add(new SipHeader("Accept", String.join(", ", accept)));
        }
        // No content coding is implemented: identity is what RFC 3261 20.2 assumes anyway, stated explicitly.
        headers.add(new SipHeader("Accept-Encoding", "identity"));
        if (!supported.isEmpty()) {
            headers.add(new SipHeader("Supported", String.join(", ", supported)));
        }
        this.answer = new SipReply(200, "OK", headers, null, null);
    }

    @Override
    public Set<String> methods() {
        return Set.of("OPTIONS");
    }

    @Override
    public void handle(InboundRequest request) {
        request.reply(answer);
    }
}
