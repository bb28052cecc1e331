package net.cpmpf.sipedge.sip;

import java.util.List;
import java.util.Optional;
import net.cpmpf.events.SipHeader;

/** The final response to an {@link OutboundRequest}, free of the SIP stack's types. */
public record SipResponse(int status, String reason, List<SipHeader> headers, byte[] body) {

    public SipResponse {
        headers = List.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** The first value of a header, by its long name, case-insensitively. */
    public Optional<String> header(String name) {
        return headers(name).stream().findFirst();
    }

    /** Every value of a header in order, by its long name, case-insensitively. */
    public List<String> headers(String name) {
        return headers.stream()
                .filter(h -> h.name().equalsIgnoreCase(name))
                .map(SipHeader::value)
                .toList();
    }
}
