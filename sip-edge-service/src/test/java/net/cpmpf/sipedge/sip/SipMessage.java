package net.cpmpf.sipedge.sip;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A response as read off the wire, parsed just enough for assertions. */
record SipMessage(String startLine, List<String[]> headers, String body) {

    static SipMessage parse(String text) {
        int end = text.indexOf("\r\n\r\n");
        String head = end < 0 ? text : text.substring(0, end);
        String body = end < 0 ? "" : text.substring(end + 4);
        String[] lines = head.replaceAll("\r\n[ \t]+", " ").split("\r\n");
        List<String[]> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.add(new String[] {
                lines[i].substring(0, colon).trim(),
                lines[i].substring(colon + 1).trim()
            });
        }
        return new SipMessage(lines[0], headers, body);
    }

    int status() {
        String[] parts = startLine.split(" ");
        return parts[0].startsWith("SIP/") ? Integer.parseInt(parts[1]) : 0;
    }

    Optional<String> header(String name) {
        return headers.stream()
                .filter(h -> h[0].toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))
                .map(h -> h[1])
                .findFirst();
    }

    /** The comma-separated elements of every field with that name, trimmed. */
    List<String> list(String name) {
        List<String> values = new ArrayList<>();
        headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).forEach(h -> List.of(h[1].split(","))
                .forEach(v -> values.add(v.trim())));
        return values;
    }
}
