package net.cpmpf.msrp;

import net.cpmpf.msrp.MsrpProtocolException.Reason;

/**
 * The {@code Byte-Range} header (RFC 4975 §7.1.1): {@code range-start "-" range-end "/" total}, positions counted from
 * 1, ends inclusive, {@code *} for an end or total the sender does not know yet. An empty message is {@code 1-0/0}.
 * Numbers are limited to 18 digits, which keeps them in a {@code long}.
 *
 * @param start first byte of the chunk, from 1
 * @param end last byte of the chunk, or {@link #UNKNOWN}; at least {@code start - 1}
 * @param total size of the whole message, or {@link #UNKNOWN}; at least {@code end}
 */
public record ByteRange(long start, long end, long total) {

    /** An {@link #end()} or {@link #total()} written as {@code *}. */
    public static final long UNKNOWN = -1;

    private static final int MAX_DIGITS = 18;

    public ByteRange {
        if (start < 1) {
            throw new IllegalArgumentException("start must be at least 1: " + start);
        }
        if (end != UNKNOWN && end < start - 1) {
            throw new IllegalArgumentException("end " + end + " before start " + start);
        }
        if (total != UNKNOWN
                && (total < 0 || (end != UNKNOWN && end > total) || (end == UNKNOWN && start > total + 1))) {
            throw new IllegalArgumentException("range " + start + "-" + end + " outside total " + total);
        }
    }

    /** The range a receiver assumes when a chunk carries no Byte-Range: the whole message, size unknown. */
    public static ByteRange whole() {
        return new ByteRange(1, UNKNOWN, UNKNOWN);
    }

    public static ByteRange parse(String value) throws MsrpProtocolException {
        int dash = value.indexOf('-');
        int slash = value.indexOf('/', Math.max(dash, 0));
        if (dash < 0 || slash < 0) {
            throw bad(value);
        }
        long start = number(value.substring(0, dash), false, value);
        long end = number(value.substring(dash + 1, slash), true, value);
        long total = number(value.substring(slash + 1), true, value);
        try {
            return new ByteRange(start, end, total);
        } catch (IllegalArgumentException e) {
            throw new MsrpProtocolException(Reason.BAD_HEADER_VALUE, "Byte-Range " + e.getMessage());
        }
    }

    public boolean endKnown() {
        return end != UNKNOWN;
    }

    public boolean totalKnown() {
        return total != UNKNOWN;
    }

    @Override
    public String toString() {
        return start + "-" + (endKnown() ? Long.toString(end) : "*") + "/"
                + (totalKnown() ? Long.toString(total) : "*");
    }

    private static long number(String digits, boolean starAllowed, String value) throws MsrpProtocolException {
        if (starAllowed && digits.equals("*")) {
            return UNKNOWN;
        }
        if (digits.isEmpty() || digits.length() > MAX_DIGITS || !digits.chars().allMatch(Syntax::isDigit)) {
            throw bad(value);
        }
        return Long.parseLong(digits);
    }

    private static MsrpProtocolException bad(String value) {
        return new MsrpProtocolException(Reason.BAD_HEADER_VALUE, "Byte-Range " + Syntax.excerpt(value));
    }
}
