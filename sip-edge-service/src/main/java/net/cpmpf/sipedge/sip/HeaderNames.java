package net.cpmpf.sipedge.sip;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Header names in their long form: compact forms of RFC 3261 7.3.3 and the extensions that define one. */
final class HeaderNames {

    private static final Map<String, String> LONG_BY_COMPACT = Map.ofEntries(
            Map.entry("a", "Accept-Contact"),
            Map.entry("b", "Referred-By"),
            Map.entry("c", "Content-Type"),
            Map.entry("d", "Request-Disposition"),
            Map.entry("e", "Content-Encoding"),
            Map.entry("f", "From"),
            Map.entry("i", "Call-ID"),
            Map.entry("j", "Reject-Contact"),
            Map.entry("k", "Supported"),
            Map.entry("l", "Content-Length"),
            Map.entry("m", "Contact"),
            Map.entry("n", "Identity-Info"),
            Map.entry("o", "Event"),
            Map.entry("r", "Refer-To"),
            Map.entry("s", "Subject"),
            Map.entry("t", "To"),
            Map.entry("u", "Allow-Events"),
            Map.entry("v", "Via"),
            Map.entry("x", "Session-Expires"),
            Map.entry("y", "Identity"));

    /** Owned by the transaction layer and hop by hop: never handed to a feature as end-to-end content. */
    private static final Set<String> HOP_BY_HOP =
            Set.of("via", "route", "record-route", "content-length", "max-forwards");

    private HeaderNames() {}

    /** The long form of {@code name}; unknown names are returned as given. */
    static String longForm(String name) {
        String trimmed = name.trim();
        return LONG_BY_COMPACT.getOrDefault(trimmed.toLowerCase(Locale.ROOT), trimmed);
    }

    static boolean isHopByHop(String name) {
        return HOP_BY_HOP.contains(longForm(name).toLowerCase(Locale.ROOT));
    }
}
