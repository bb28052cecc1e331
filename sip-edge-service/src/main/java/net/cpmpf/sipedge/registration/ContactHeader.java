package net.cpmpf.sipedge.registration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Splits Contact header values into entries (RFC 3261 §20.10, §25.1): commas separate entries except inside quoted
 * strings and angle brackets; parameters follow the URI after {@code ;}. Values keep their quotes. Bounded: more
 * than {@link #MAX_ENTRIES} entries or {@link #MAX_PARAMS} parameters per entry are refused.
 */
final class ContactHeader {

    static final int MAX_ENTRIES = 32;
    static final int MAX_PARAMS = 64;

    /** {@code Contact: *}. */
    static final RegisterRequest.Contact WILDCARD = new RegisterRequest.Contact("*", Map.of());

    private ContactHeader() {}

    /**
     * @param values the Contact header field values as received, one per header line
     * @throws IllegalArgumentException if an entry is malformed or a limit is exceeded
     */
    static List<RegisterRequest.Contact> parse(List<String> values) {
        List<RegisterRequest.Contact> contacts = new ArrayList<>();
        for (String value : values) {
            for (String entry : split(value, ',')) {
                if (contacts.size() == MAX_ENTRIES) {
                    throw new IllegalArgumentException("more than " + MAX_ENTRIES + " contacts");
                }
                contacts.add(entry(entry.strip()));
            }
        }
        return contacts;
    }

    private static RegisterRequest.Contact entry(String entry) {
        if (entry.equals("*")) {
            return WILDCARD;
        }
        String uri;
        String rest;
        int open = entry.indexOf('<');
        if (open >= 0) {
            int close = entry.indexOf('>', open);
            if (close < 0) {
                throw new IllegalArgumentException("unclosed '<' in contact: " + entry);
            }
            uri = entry.substring(open + 1, close).strip();
            rest = entry.substring(close + 1);
        } else {
            // Without brackets, parameters after the URI belong to the header (RFC 3261 §20).
            int semi = entry.indexOf(';');
            uri = (semi < 0 ? entry : entry.substring(0, semi)).strip();
            rest = semi < 0 ? "" : entry.substring(semi);
        }
        if (uri.isEmpty() || !uri.contains(":")) {
            throw new IllegalArgumentException("not a contact URI: " + entry);
        }
        return new RegisterRequest.Contact(uri, params(rest));
    }

    private static Map<String, String> params(String rest) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String param : split(rest, ';')) {
            String p = param.strip();
            if (p.isEmpty()) {
                continue;
            }
            if (params.size() == MAX_PARAMS) {
                throw new IllegalArgumentException("more than " + MAX_PARAMS + " contact parameters");
            }
            int eq = p.indexOf('=');
            String name = (eq < 0 ? p : p.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
            params.put(name, eq < 0 ? null : p.substring(eq + 1).strip());
        }
        return params;
    }

    /** Splits on {@code separator} outside quoted strings and angle brackets. */
    private static List<String> split(String value, char separator) {
        List<String> parts = new ArrayList<>();
        var current = new StringBuilder();
        boolean quoted = false;
        boolean bracketed = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quoted && c == '\\' && i + 1 < value.length()) {
                current.append(c).append(value.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '<') {
                bracketed = true;
            } else if (!quoted && c == '>') {
                bracketed = false;
            } else if (c == separator && !quoted && !bracketed) {
                parts.add(current.toString());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        if (quoted) {
            throw new IllegalArgumentException("unbalanced quotes: " + value);
        }
        parts.add(current.toString());
        return parts.stream().filter(p -> !p.isBlank()).toList();
    }
}
