package net.cpmpf.sipedge.sip;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.RequireHeader;
import javax.sip.message.Request;
import net.cpmpf.events.SipHeader;

/** The UAS checks of RFC 3261 8.2.2 (and 7.4.1) that come before any feature sees a request. */
final class RequestScreen {

    private static final Set<String> SCHEMES = Set.of("sip", "sips", "tel");

    private final Set<String> supported;

    RequestScreen(Collection<String> supported) {
        this.supported =
                supported.stream().map(tag -> tag.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /** The refusal for {@code request}, or empty when a feature may take it. */
    Optional<SipReply> refusal(Request request) {
        String scheme = request.getRequestURI().getScheme().toLowerCase(Locale.ROOT);
        if (!SCHEMES.contains(scheme)) {
            return Optional.of(SipReply.of(416, "Unsupported URI Scheme"));
        }
        if (request.getRawContent() != null
                && request.getRawContent().length > 0
                && request.getHeader(ContentTypeHeader.NAME) == null) {
            // RFC 3261 7.4.1: a body is meaningless without its type (also what is left of an unparsable one).
            return Optional.of(SipReply.of(400, "Missing Content-Type"));
        }
        List<String> unsupported = unsupportedRequirements(request);
        if (!unsupported.isEmpty()) {
            return Optional.of(
                    SipReply.of(420, "Bad Extension", new SipHeader("Unsupported", String.join(", ", unsupported))));
        }
        return Optional.empty();
    }

    /** 8.2.2.3: Require is ignored in CANCEL, and in ACK which is never answered anyway. */
    private List<String> unsupportedRequirements(Request request) {
        List<String> unsupported = new ArrayList<>();
        if (Request.CANCEL.equals(request.getMethod())) {
            return unsupported;
        }
        for (Iterator<?> it = request.getHeaders(RequireHeader.NAME); it.hasNext(); ) {
            String tag = ((RequireHeader) it.next()).getOptionTag();
            if (!supported.contains(tag.toLowerCase(Locale.ROOT))) {
                unsupported.add(tag);
            }
        }
        return unsupported;
    }
}
