package net.cpmpf.sipedge.registration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a Contact entry of a REGISTER says about its binding: how long (RFC 3261 §10.2.1.1), which device ({@code
 * +sip.instance}, RFC 5626 §4.1) and what it can do (feature tags, RFC 3840 §9).
 *
 * @param expires the granted duration, within the registrar's bounds; zero removes the binding
 * @param tooBrief whether the asked duration is below the registrar's minimum (423)
 */
record ContactParameters(Duration expires, boolean tooBrief, String instanceId, List<String> featureTags) {

    static final String INSTANCE = "+sip.instance";

    static ContactParameters of(RegisterRequest.Contact contact, Integer headerExpires, RegistrarLimits limits) {
        Map<String, String> params = contact.params();
        Duration asked = asked(params.get("expires"), headerExpires, limits.defaultExpires());
        boolean tooBrief = !asked.isZero() && asked.compareTo(limits.minExpires()) < 0;
        Duration granted = asked.compareTo(limits.maxExpires()) > 0 ? limits.maxExpires() : asked;
        List<String> tags = new ArrayList<>();
        params.forEach((name, value) -> {
            if (name.startsWith("+") && !name.equals(INSTANCE)) {
                tags.add(value == null ? name : name + "=" + value);
            }
        });
        return new ContactParameters(granted, tooBrief, instanceId(params.get(INSTANCE)), tags);
    }

    private static Duration asked(String param, Integer header, Duration fallback) {
        String value = param != null ? param : header != null ? header.toString() : null;
        if (value == null) {
            return fallback;
        }
        try {
            // RFC 3261 §20.19: a value that does not parse, or is huge, is taken as the maximum.
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip())));
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(Integer.MAX_VALUE);
        }
    }

    /** {@code "<urn:uuid:…>"} → {@code urn:uuid:…}; {@code null} when absent or empty. */
    static String instanceId(String raw) {
        if (raw == null) {
            return null;
        }
        String id = raw.strip();
        if (id.startsWith("\"") && id.endsWith("\"") && id.length() >= 2) {
            id = id.substring(1, id.length() - 1);
        }
        if (id.startsWith("<") && id.endsWith(">")) {
            id = id.substring(1, id.length() - 1);
        }
        return id.isBlank() ? null : id;
    }
}
