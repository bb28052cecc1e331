package net.cpmpf.msrp;

import java.util.Objects;

/**
 * One header line other than To-Path and From-Path, as written: {@code name ": " value}. The name is an RFC 4975
 * {@code hname} (a token starting with a letter); the value is utf8text, so it can hold no CR or LF and no header can
 * be smuggled through it.
 *
 * @param name the header name in the case it was written; compared without case by {@link MsrpHeaders}
 * @param value the value after {@code ": "}
 */
public record MsrpHeader(String name, String value) {

    public MsrpHeader {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (!Syntax.isHeaderName(name)) {
            throw new IllegalArgumentException("invalid header name " + Syntax.excerpt(name));
        }
        if (!Syntax.isUtf8Text(value)) {
            throw new IllegalArgumentException(name + " value holds control characters");
        }
    }

    public boolean is(String other) {
        return name.equalsIgnoreCase(other);
    }

    @Override
    public String toString() {
        return name + ": " + value;
    }
}
