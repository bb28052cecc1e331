package net.cpmpf.defer.redelivery;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;
import net.cpmpf.events.SipHeader;

/**
 * What of the original request travels with a deferred message to a device. The new request is the edge's own
 * (dialog identifiers, Contact, body framing and hop count are its), while end-to-end headers such as
 * P-Asserted-Identity, Conversation-ID and the IMDN ones stay as the sender wrote them.
 */
final class ForwardedHeaders {

    /** Names in long and compact form (RFC 3261 §7.3.3), lower case. */
    private static final Set<String> OWN = Set.of(
            "from",
            "f",
            "to",
            "t",
            "call-id",
            "i",
            "cseq",
            "contact",
            "m",
            "content-type",
            "c",
            "content-length",
            "l",
            "max-forwards");

    private ForwardedHeaders() {}

    static List<SipHeader> of(List<SipHeader> original) {
        return original.stream()
                .filter(header -> !OWN.contains(header.name().strip().toLowerCase(Locale.ROOT)))
                .toList();
    }

    /**
     * A From or To value without its {@code tag} parameter: the edge starts a new dialog. Header parameters follow the
     * {@code >} of a name-addr, or the URI of an addr-spec (where a {@code ;} cannot belong to the URI, RFC 3261 §20).
     */
    static String withoutTag(String address) {
        int close = address.indexOf('>');
        int split = close >= 0 ? close + 1 : address.indexOf(';');
        if (split < 0 || split >= address.length()) {
            return address.strip();
        }
        var kept = new StringJoiner(";");
        kept.add(address.substring(0, split).strip());
        for (String parameter : address.substring(split).split(";")) {
            String name = parameter.split("=", 2)[0].strip();
            if (!name.isEmpty() && !name.equalsIgnoreCase("tag")) {
                kept.add(parameter.strip());
            }
        }
        return kept.toString();
    }
}
