package net.cpmpf.sipedge.sip;

import java.util.Optional;

/** The parts of a From/To header value (RFC 3261 §20.20, §20.39) the edge needs: the address and its tag. */
public final class NameAddr {

    private NameAddr() {}

    /** The address without header parameters: {@code "A" <sip:a@x>;tag=1} gives {@code "A" <sip:a@x>}. */
    public static String address(String value) {
        String trimmed = value.strip();
        int close = trimmed.indexOf('>');
        if (trimmed.indexOf('<') >= 0 && close > 0) {
            return trimmed.substring(0, close + 1);
        }
        int semicolon = trimmed.indexOf(';');
        return semicolon < 0 ? trimmed : trimmed.substring(0, semicolon).strip();
    }

    /** The {@code tag} header parameter, if any. */
    public static Optional<String> tag(String value) {
        String trimmed = value.strip();
        int close = trimmed.indexOf('>');
        String params = trimmed.indexOf('<') >= 0 && close > 0
                ? trimmed.substring(close + 1)
                : trimmed.substring(Math.max(0, trimmed.indexOf(';')));
        for (String param : params.split(";")) {
            String[] pair = param.split("=", 2);
            if (pair.length == 2 && pair[0].strip().equalsIgnoreCase("tag") && !pair[1].isBlank()) {
                return Optional.of(pair[1].strip());
            }
        }
        return Optional.empty();
    }
}
