package net.cpmpf.xml.reginfo;

import java.util.Locale;
import net.cpmpf.xml.MalformedDocumentException;
import net.cpmpf.xml.MalformedDocumentException.Reason;
import net.cpmpf.xml.SafeXmlReader;

/** Attribute value checks shared by the reginfo parsers; each failure names the attribute. */
final class Values {

    /** The largest SIP delta-seconds (RFC 3261 §25.1); larger expiry values are clamped to it. */
    static final long MAX_DELTA_SECONDS = 4_294_967_295L;

    private Values() {}

    static String required(SafeXmlReader reader, String attribute) throws MalformedDocumentException {
        String value = reader.attribute(attribute);
        if (value == null) {
            throw new MalformedDocumentException(
                    Reason.MISSING_REQUIRED, "attribute " + attribute + " on " + reader.describe());
        }
        return value;
    }

    /** XML enumerations are case-sensitive: only the lower-case spelling of a constant is accepted. */
    static <E extends Enum<E>> E enumValue(Class<E> type, String value, String what) throws MalformedDocumentException {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().toLowerCase(Locale.ROOT).equals(value)) {
                return constant;
            }
        }
        throw new MalformedDocumentException(Reason.INVALID_VALUE, what + " '" + excerpt(value) + "'");
    }

    static long unsignedLong(String value, String what) throws MalformedDocumentException {
        try {
            long parsed = Long.parseLong(value.strip());
            if (parsed >= 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // refused below, with the same message as a negative value
        }
        throw new MalformedDocumentException(Reason.INVALID_VALUE, what + " '" + excerpt(value) + "'");
    }

    static Long optionalExpires(String value) throws MalformedDocumentException {
        if (value == null) {
            return null;
        }
        String digits = value.strip();
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new MalformedDocumentException(Reason.INVALID_VALUE, "expires '" + excerpt(value) + "'");
        }
        try {
            return Math.min(Long.parseLong(digits), MAX_DELTA_SECONDS);
        } catch (NumberFormatException e) {
            // only digits, so it overflowed a long: an unsignedLong may, and it is clamped like any large value
            return MAX_DELTA_SECONDS;
        }
    }

    static Double optionalQ(String value) throws MalformedDocumentException {
        if (value == null) {
            return null;
        }
        String decimal = value.strip();
        if (decimal.matches("[01](\\.[0-9]*)?")) {
            double q = Double.parseDouble(decimal);
            if (q <= 1.0) {
                return q;
            }
        }
        throw new MalformedDocumentException(Reason.INVALID_VALUE, "q '" + excerpt(value) + "'");
    }

    private static String excerpt(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
