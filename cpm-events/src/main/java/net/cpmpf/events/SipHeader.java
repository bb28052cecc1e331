package net.cpmpf.events;

import java.util.Objects;

/** One SIP header field as it appears on the wire, name in its canonical long form. */
public record SipHeader(String name, String value) {

    public SipHeader {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
