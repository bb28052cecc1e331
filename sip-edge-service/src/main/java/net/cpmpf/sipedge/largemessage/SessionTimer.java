package net.cpmpf.sipedge.largemessage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import net.cpmpf.events.SipHeader;

/**
 * RFC 4028 as the UAS of an INVITE sees it. A Session-Expires below the larger of our Min-SE and the request's is
 * refused with 422 and that Min-SE (§8.1, §7.4); a larger one than we allow is lowered, never below the request's
 * Min-SE (§9). The refresher is the one the request names; when it names none we take it ({@code uas}): the PF does not send
 * refreshes, so the session simply ends at its expiry, which for the transfer of one large message is what we want.
 * Without Session-Expires no timer runs (§9): the media timeout still bounds the session.
 */
record SessionTimer(Duration interval, String refresher) {

    /** The outcome for one INVITE: a 422 to send, or the timer (possibly none) of the session. */
    record Negotiation(Optional<SessionTimer> timer, Optional<Long> tooSmallMinSe) {

        boolean refused() {
            return tooSmallMinSe.isPresent();
        }
    }

    /**
     * @param sessionExpires the request's Session-Expires value, e.g. {@code 1800;refresher=uac}
     * @param requestMinSe the request's Min-SE value
     * @throws IllegalArgumentException for a value that is not a delta-seconds (answered 400)
     */
    static Negotiation negotiate(
            Optional<String> sessionExpires, Optional<String> requestMinSe, Duration ourMinSe, Duration ourMax) {
        if (sessionExpires.isEmpty()) {
            return new Negotiation(Optional.empty(), Optional.empty());
        }
        String[] parts = sessionExpires.get().split(";");
        long requested = seconds(parts[0], "Session-Expires");
        long theirMin =
                requestMinSe.map(v -> seconds(v.split(";")[0], "Min-SE")).orElse(0L);
        long floor = Math.max(ourMinSe.toSeconds(), theirMin);
        if (requested < floor) {
            return new Negotiation(Optional.empty(), Optional.of(floor));
        }
        long granted = Math.max(floor, Math.min(requested, ourMax.toSeconds()));
        String refresher = "uas";
        for (int i = 1; i < parts.length; i++) {
            String[] pair = parts[i].split("=", 2);
            if (pair.length == 2 && pair[0].strip().equalsIgnoreCase("refresher")) {
                String value = pair[1].strip().toLowerCase(Locale.ROOT);
                if (value.equals("uac") || value.equals("uas")) {
                    refresher = value;
                }
            }
        }
        return new Negotiation(Optional.of(new SessionTimer(Duration.ofSeconds(granted), refresher)), Optional.empty());
    }

    /** The headers of the 2xx: Session-Expires, and Require: timer when the UAC is to refresh (§9). */
    List<SipHeader> responseHeaders() {
        List<SipHeader> headers = new ArrayList<>();
        headers.add(new SipHeader("Session-Expires", interval.toSeconds() + ";refresher=" + refresher));
        if (refresher.equals("uac")) {
            headers.add(new SipHeader("Require", "timer"));
        }
        return headers;
    }

    private static long seconds(String value, String header) {
        try {
            long seconds = Long.parseLong(value.strip());
            if (seconds < 1) {
                throw new IllegalArgumentException(header + " must be positive: " + value);
            }
            return seconds;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(header + " is not delta-seconds: " + value, e);
        }
    }
}
