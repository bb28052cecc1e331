package net.cpmpf.sipedge.sip;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;

/**
 * Checks on a request as it comes off the wire that the JAIN-SIP RI's parser leaves out, run inside the parser so
 * that a refused request is answered 400 by the stack (over UDP) and never reaches a feature. The RI keeps the last
 * of several Content-Length, From, To, Call-ID or CSeq headers, silently drops a header it cannot parse (a negative
 * Expires, a broken Content-Type) and accepts a Via port above 65535; RFC 3261 (7.3, 20) allows none of that.
 */
final class WireScreen {

    /** Headers RFC 3261 allows once (their grammar has no comma list), with their compact forms. */
    private static final Map<String, String> SINGLE = singleHeaders();

    private static final Set<String> SINGLE_NAMES = Set.copyOf(SINGLE.values());

    /** Headers the edge acts on: one the RI could not parse must not silently vanish. */
    private static final Set<String> MUST_PARSE = Set.of(
            "expires",
            "content-type",
            "content-encoding",
            "content-length",
            "max-forwards",
            "min-expires",
            "date",
            "contact",
            "require",
            "event",
            "subscription-state",
            "p-asserted-identity",
            "privacy");

    private static final Pattern JUNK = Pattern.compile("\\[C@\\p{XDigit}+|[\\x00-\\x1f\\x7f]+");
    private static final int MAX_REASON = 80;
    private static final int MAX_HEAD = 64 * 1024;

    private WireScreen() {}

    /**
     * Why {@code request} must be refused, or empty.
     *
     * @param head the request's start line and headers as they came ({@link #head})
     * @param unparsed the header lines the parser could not parse and dropped
     * @param maxHeaders most header fields a request may have (a flood costs the parser and every feature)
     */
    static Optional<String> problem(String head, Request request, List<String> unparsed, int maxHeaders) {
        Optional<String> duplicate = headerLines(head, maxHeaders);
        if (duplicate.isPresent()) {
            return duplicate;
        }
        for (String line : unparsed) {
            String name = compactToFull(nameOf(line));
            if (MUST_PARSE.contains(name) && !beyondInt(name, line)) {
                return Optional.of("Malformed " + display(name) + " header");
            }
        }
        for (Iterator<?> vias = request.getHeaders(ViaHeader.NAME); vias.hasNext(); ) {
            int port = ((ViaHeader) vias.next()).getPort();
            if (port > 65535) {
                return Optional.of("Via port out of range");
            }
        }
        return Optional.empty();
    }

    /**
     * An Expires the RI cannot hold in an int but RFC 3261 allows (delta-seconds up to 2^32-1): dropped by the RI,
     * which reads as no expiry at all, close enough to 68 years.
     */
    private static boolean beyondInt(String name, String line) {
        if (!name.equals("expires")) {
            return false;
        }
        String value = line.substring(line.indexOf(':') + 1).strip();
        return value.matches("\\d{1,10}") && Long.parseLong(value) <= 0xFFFF_FFFFL;
    }

    /**
     * A reason phrase made from a parser's message: the RI puts its exception text into the reason of its automatic
     * 400, and that text can hold the offending header with its CRLF (which ends the status line early) or a
     * {@code char[]}'s identity hash.
     */
    static String reason(String parserMessage) {
        String clean = JUNK.matcher(String.valueOf(parserMessage))
                .replaceAll(" ")
                .replaceAll(" {2,}", " ")
                .strip();
        if (clean.isEmpty()) {
            return "Malformed request";
        }
        return clean.length() > MAX_REASON ? clean.substring(0, MAX_REASON) : clean;
    }

    /** The start line and headers of a message, decoded once for every check that reads the wire form. */
    static String head(byte[] raw) {
        String text = new String(raw, 0, Math.min(raw.length, MAX_HEAD), StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        return end < 0 ? text : text.substring(0, end);
    }

    private static Optional<String> headerLines(String head, int maxHeaders) {
        String[] lines = head.split("\r?\n");
        Map<String, Integer> seen = new HashMap<>();
        int fields = 0;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty() || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                continue; // a folded continuation of the previous header
            }
            if (++fields > maxHeaders) {
                return Optional.of("Too many headers");
            }
            String name = compactToFull(nameOf(line));
            if (SINGLE_NAMES.contains(name) && seen.merge(name, 1, Integer::sum) > 1) {
                return Optional.of("More than one " + display(name) + " header");
            }
        }
        return Optional.empty();
    }

    private static String nameOf(String line) {
        int colon = line.indexOf(':');
        return (colon < 0 ? line : line.substring(0, colon)).strip().toLowerCase(Locale.ROOT);
    }

    private static String compactToFull(String name) {
        return SINGLE.getOrDefault(name, name);
    }

    private static String display(String name) {
        return name.equals("cseq") ? "CSeq" : name.equals("call-id") ? "Call-ID" : capitalised(name);
    }

    private static String capitalised(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean upper = true;
        for (char c : name.toCharArray()) {
            out.append(upper ? Character.toUpperCase(c) : c);
            upper = c == '-';
        }
        return out.toString();
    }

    private static Map<String, String> singleHeaders() {
        Map<String, String> names = new HashMap<>();
        for (String name : List.of("call-id", "content-length", "content-type", "cseq", "from", "to", "max-forwards")) {
            names.put(name, name);
        }
        names.put("i", "call-id");
        names.put("l", "content-length");
        names.put("c", "content-type");
        names.put("f", "from");
        names.put("t", "to");
        return Map.copyOf(names);
    }
}
