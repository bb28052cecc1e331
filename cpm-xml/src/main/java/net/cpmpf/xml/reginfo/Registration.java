package net.cpmpf.xml.reginfo;

import java.util.List;
import java.util.Objects;

/**
 * One {@code <registration>}: the bindings of one address-of-record.
 *
 * @param aor the AoR as sent (a {@code sip:}, {@code sips:} or {@code tel:} URI; the parser refuses anything else)
 * @param id the registrar's identifier of this registration, stable across notifications
 * @param state {@code init} (no binding yet), {@code active}, or {@code terminated} (all bindings gone)
 * @param contacts in document order; in a partial document only the contacts that changed; at most
 *     {@link ReginfoLimits#maxContactsPerRegistration()}
 */
public record Registration(String aor, String id, State state, List<Contact> contacts) {

    /** The {@code state} attribute of {@code <registration>}. */
    public enum State {
        INIT,
        ACTIVE,
        TERMINATED
    }

    public Registration {
        Objects.requireNonNull(aor, "aor");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        contacts = List.copyOf(contacts);
    }
}
