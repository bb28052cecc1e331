package net.cpmpf.msrp;

import java.util.Locale;
import net.cpmpf.msrp.MsrpProtocolException.Reason;

/**
 * The values of {@code Success-Report} ({@code yes}/{@code no}) and {@code Failure-Report} ({@code yes}/{@code no}/
 * {@code partial}), RFC 4975 §7.1.1. Absent, Success-Report means {@link #NO} and Failure-Report {@link #YES}.
 */
public enum ReportMode {
    YES,
    NO,
    /** Failure-Report only: report failures, but send no 200 transaction responses. */
    PARTIAL;

    static ReportMode parse(String header, String value, boolean partialAllowed) throws MsrpProtocolException {
        for (ReportMode mode : values()) {
            if (mode.wire().equalsIgnoreCase(value) && (partialAllowed || mode != PARTIAL)) {
                return mode;
            }
        }
        throw new MsrpProtocolException(Reason.BAD_HEADER_VALUE, header + " " + Syntax.excerpt(value));
    }

    /** The value as written on the wire. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
