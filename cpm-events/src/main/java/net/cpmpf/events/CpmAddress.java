package net.cpmpf.events;

import java.util.Locale;

/**
 * The normal form of a CPM address used as a key everywhere (Kafka keys, Redis keys, API paths): scheme and host
 * lower-cased, URI parameters and headers removed, user part kept as is (it is case-sensitive in SIP).
 */
public final class CpmAddress {

    /** Longest address accepted; longer input is refused rather than becoming a huge key. */
    public static final int MAX_LENGTH = 512;

    private CpmAddress() {}

    /**
     * @throws IllegalArgumentException if the input is not a {@code sip:}, {@code sips:} or {@code tel:} URI
     */
    public static String normalize(String uri) {
        if (uri == null || uri.isBlank() || uri.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("not a CPM address: " + uri);
        }
        String trimmed = uri.strip();
        if (trimmed.startsWith("<") && trimmed.endsWith(">")) {
            trimmed = trimmed.substring(1, trimmed.length() - 1);
        }
        int colon = trimmed.indexOf(':');
        if (colon <= 0 || trimmed.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            // RFC 3261 25.1 and RFC 3966: whitespace and control characters appear only escaped in a URI; a NUL that
            // came in through a URL-encoded path parameter must not become part of a store key.
            throw new IllegalArgumentException("not a CPM address: " + uri);
        }
        String scheme = trimmed.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = cut(cut(trimmed.substring(colon + 1), '?'), ';');
        if (!scheme.equals("sip") && !scheme.equals("sips") && !scheme.equals("tel") || rest.isEmpty()) {
            throw new IllegalArgumentException("not a CPM address: " + uri);
        }
        int at = rest.lastIndexOf('@');
        String user = at < 0 ? "" : rest.substring(0, at + 1);
        String host = at < 0 ? rest : rest.substring(at + 1);
        return scheme + ":" + user + (scheme.equals("tel") ? host : host.toLowerCase(Locale.ROOT));
    }

    /**
     * The URI of a header value in name-addr form ({@code "Alice" <sip:alice@example.com>;tag=1}) or addr-spec form
     * ({@code sip:alice@example.com;tag=1}, where parameters after the URI belong to the header, RFC 3261 §20).
     */
    public static String uriOf(String nameAddr) {
        int open = nameAddr.indexOf('<');
        int close = nameAddr.indexOf('>', open + 1);
        return open >= 0 && close > open
                ? nameAddr.substring(open + 1, close).strip()
                : cut(nameAddr, ';').strip();
    }

    private static String cut(String s, char c) {
        int i = s.indexOf(c);
        return i < 0 ? s : s.substring(0, i);
    }
}
