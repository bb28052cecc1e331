package net.cpmpf.msrp;

import java.util.List;

/** Character classes of the RFC 4975 §9 grammar, shared by the model's validation and the decoder. */
final class Syntax {

    /** Longest excerpt of hostile input quoted in an error message. */
    private static final int MAX_EXCERPT = 80;

    private Syntax() {}

    static boolean isAlphaNum(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /** {@code ident = ALPHANUM 3*31ident-char}, with the upper bound left to the caller. */
    static boolean isIdent(String s, int maxLength) {
        if (s.length() < 4 || s.length() > maxLength || !isAlphaNum(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isAlphaNum(c) && c != '.' && c != '-' && c != '+' && c != '%' && c != '=') {
                return false;
            }
        }
        return true;
    }

    static boolean isTokenChar(int c) {
        return c == 0x21
                || (c >= 0x23 && c <= 0x27)
                || c == 0x2A
                || c == 0x2B
                || c == 0x2D
                || c == 0x2E
                || isDigit(c)
                || (c >= 0x41 && c <= 0x5A)
                || (c >= 0x5E && c <= 0x7E);
    }

    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTokenChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** {@code hname = ALPHA *token}: a token that starts with a letter. */
    static boolean isHeaderName(String s) {
        return isToken(s) && Character.isLetter(s.charAt(0)) && s.charAt(0) < 0x80;
    }

    /** {@code 1*UPALPHA}. */
    static boolean isMethod(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 'A' || c > 'Z') {
                return false;
            }
        }
        return true;
    }

    /** {@code utf8text = *(HTAB / %x20-7E / UTF8-NONASCII)}: no CR, LF or other control characters. */
    static boolean isUtf8Text(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                return false;
            }
        }
        return true;
    }

    static boolean isThreeDigits(String s) {
        return s.length() == 3 && isDigit(s.charAt(0)) && isDigit(s.charAt(1)) && isDigit(s.charAt(2));
    }

    /** A short, printable excerpt of untrusted input for an error message. */
    static String excerpt(String s) {
        String cut = s.length() > MAX_EXCERPT ? s.substring(0, MAX_EXCERPT) + "..." : s;
        StringBuilder out = new StringBuilder(cut.length() + 2).append('"');
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            out.append(c < 0x20 || c == 0x7F ? '?' : c);
        }
        return out.append('"').toString();
    }

    /** Checks shared by requests and responses. */
    static void checkMessage(String transactionId, List<MsrpUri> toPath, List<MsrpUri> fromPath, MsrpHeaders headers) {
        if (transactionId == null || !isIdent(transactionId, Integer.MAX_VALUE)) {
            throw new IllegalArgumentException("transaction id is not an ident: " + transactionId);
        }
        if (toPath.isEmpty() || fromPath.isEmpty()) {
            throw new IllegalArgumentException("To-Path and From-Path need at least one URI each");
        }
        if (headers == null) {
            throw new IllegalArgumentException("headers");
        }
    }
}
