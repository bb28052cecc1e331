package net.cpmpf.sipedge.sip;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.sip.header.Header;

/** Header values as text, and the splitting of comma-separated lists (RFC 3261 7.3.1). */
final class HeaderValues {

    /** Headers whose grammar is not a comma list but whose values may hold commas (dates, free text, auth). */
    private static final Set<String> NOT_LISTS = Set.of(
            "authorization",
            "call-id",
            "cseq",
            "content-type",
            "date",
            "from",
            "organization",
            "proxy-authenticate",
            "proxy-authorization",
            "referred-by",
            "refer-to",
            "reply-to",
            "retry-after",
            "server",
            "subject",
            "to",
            "user-agent",
            "www-authenticate");

    private HeaderValues() {}

    /** The value of a parsed header: the RI only renders whole header lines through the API. */
    static String value(Header header) {
        String line = header.toString();
        return line.substring(line.indexOf(':') + 1).trim();
    }

    /** The elements of a list header, split on commas outside quotes and angle brackets. */
    static List<String> split(String name, String value) {
        if (NOT_LISTS.contains(name.toLowerCase(Locale.ROOT))) {
            return List.of(value);
        }
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        boolean escaped = false;
        int angle = 0;
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (escaped) {
                escaped = false;
            } else if (quoted && c == '\\') {
                escaped = true;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '<') {
                angle++;
            } else if (!quoted && c == '>' && angle > 0) {
                angle--;
            } else if (!quoted && angle == 0 && c == ',') {
                parts.add(value.substring(start, i).trim());
                start = i + 1;
            }
        }
        parts.add(value.substring(start).trim());
        parts.removeIf(String::isEmpty);
        return parts;
    }
}
