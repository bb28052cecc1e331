package net.cpmpf.xml.commonpolicy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import net.cpmpf.events.CpmAddress;
import net.cpmpf.xml.MalformedDocumentException;
import net.cpmpf.xml.MalformedDocumentException.Reason;
import net.cpmpf.xml.SafeXmlReader;

/** Value checks shared by the common-policy parsers; each failure names the value and the rule it is in. */
final class PolicyValues {

    private static final int MAX_ECHO = 40;

    private PolicyValues() {}

    static String required(SafeXmlReader reader, String attribute, String rule) throws MalformedDocumentException {
        String value = reader.attribute(attribute);
        if (value == null || value.isBlank()) {
            throw new MalformedDocumentException(
                    Reason.MISSING_REQUIRED, "attribute " + attribute + " on " + reader.describe() + in(rule));
        }
        return value.strip();
    }

    /** The XML Schema boolean lexical space: {@code true}, {@code false}, {@code 1}, {@code 0}, whitespace aside. */
    static boolean xsBoolean(String value, String what, String rule) throws MalformedDocumentException {
        return switch (value.strip()) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw invalid(what, value, rule);
        };
    }

    /**
     * An XML Schema dateTime with a time zone: RFC 4745 §7.3 requires one, and without it the instant would depend on
     * the server's clock settings.
     */
    static Instant dateTime(String value, String what, String rule) throws MalformedDocumentException {
        try {
            return OffsetDateTime.parse(value.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid(what + " (a dateTime with time zone)", value, rule);
        }
    }

    /** CPM identities compare in normal form; anything else (mailto:, im:) is kept as written. */
    static String identity(String id) {
        try {
            return CpmAddress.normalize(id);
        } catch (IllegalArgumentException e) {
            return id;
        }
    }

    static String domain(String value) {
        return value.toLowerCase(Locale.ROOT);
    }

    static MalformedDocumentException invalid(String what, String value, String rule) {
        String echo = value.length() > MAX_ECHO ? value.substring(0, MAX_ECHO) + "…" : value;
        return new MalformedDocumentException(Reason.INVALID_VALUE, what + " '" + echo + "'" + in(rule));
    }

    static MalformedDocumentException tooMany(int limit, String what, String rule) {
        return new MalformedDocumentException(Reason.TOO_MANY_ITEMS, "more than " + limit + " " + what + in(rule));
    }

    static MalformedDocumentException duplicate(String element, String rule) {
        return new MalformedDocumentException(Reason.INVALID_VALUE, "more than one <" + element + ">" + in(rule));
    }

    static String in(String rule) {
        String echo = rule.length() > MAX_ECHO ? rule.substring(0, MAX_ECHO) + "…" : rule;
        return " in rule '" + echo + "'";
    }
}
