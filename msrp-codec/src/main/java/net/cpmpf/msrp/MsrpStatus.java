package net.cpmpf.msrp;

import net.cpmpf.msrp.MsrpProtocolException.Reason;

/**
 * The {@code Status} header of a REPORT (RFC 4975 §7.1.2): {@code namespace SP status-code [SP text-reason]}. The
 * namespace is {@code 000} for the codes RFC 4975 defines, which mirror transaction response codes.
 *
 * @param namespace 0..999, written with three digits
 * @param code 0..999, written with three digits
 * @param reason free text, or {@code null}
 */
public record MsrpStatus(int namespace, int code, String reason) {

    public MsrpStatus {
        if (namespace < 0 || namespace > 999 || code < 0 || code > 999) {
            throw new IllegalArgumentException("namespace and code have three digits: " + namespace + " " + code);
        }
        if (reason != null && !Syntax.isUtf8Text(reason)) {
            throw new IllegalArgumentException("reason holds control characters");
        }
    }

    /** A status in the RFC 4975 namespace {@code 000}. */
    public static MsrpStatus of(int code, String reason) {
        return new MsrpStatus(0, code, reason);
    }

    public static MsrpStatus parse(String value) throws MsrpProtocolException {
        if (value.length() < 7
                || value.charAt(3) != ' '
                || !Syntax.isThreeDigits(value.substring(0, 3))
                || !Syntax.isThreeDigits(value.substring(4, 7))
                || (value.length() > 7 && value.charAt(7) != ' ')) {
            throw new MsrpProtocolException(Reason.BAD_HEADER_VALUE, "Status " + Syntax.excerpt(value));
        }
        String reason = value.length() > 7 ? value.substring(8) : null;
        return new MsrpStatus(Integer.parseInt(value.substring(0, 3)), Integer.parseInt(value.substring(4, 7)), reason);
    }

    public boolean success() {
        return code / 100 == 2;
    }

    @Override
    public String toString() {
        return String.format("%03d %03d", namespace, code) + (reason == null ? "" : " " + reason);
    }
}
