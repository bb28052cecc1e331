package net.cpmpf.msrp;

import java.util.Objects;

/**
 * A request method: any {@code 1*UPALPHA} token, so that a request with a method this node does not implement still
 * decodes and can be answered with 501 (RFC 4975 §7.2).
 *
 * @param name the method as written
 */
public record MsrpMethod(String name) {

    public static final MsrpMethod SEND = new MsrpMethod("SEND");
    public static final MsrpMethod REPORT = new MsrpMethod("REPORT");
    /** RFC 4976: a client authenticates to a relay. */
    public static final MsrpMethod AUTH = new MsrpMethod("AUTH");

    public MsrpMethod {
        Objects.requireNonNull(name, "name");
        if (!Syntax.isMethod(name)) {
            throw new IllegalArgumentException("a method is 1*UPALPHA: " + Syntax.excerpt(name));
        }
    }

    public static MsrpMethod of(String name) {
        return new MsrpMethod(name);
    }

    @Override
    public String toString() {
        return name;
    }
}
