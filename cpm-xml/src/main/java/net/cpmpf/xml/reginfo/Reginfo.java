package net.cpmpf.xml.reginfo;

import java.util.List;
import java.util.Objects;

/**
 * One {@code application/reginfo+xml} document (RFC 3680 §5): the registration state of one or more AoRs as a
 * registrar reports it in a {@code reg} event NOTIFY. Produced by {@link ReginfoParser}; fed to
 * {@link RegistrationState#apply}.
 *
 * @param version the document's sequence number within its subscription, from 0, one more per NOTIFY
 * @param state whether this is the whole state ({@link State#FULL}) or only what changed ({@link State#PARTIAL})
 * @param registrations in document order; at most {@link ReginfoLimits#maxRegistrations()}
 */
public record Reginfo(long version, State state, List<Registration> registrations) {

    /** The {@code state} attribute of {@code <reginfo>}. */
    public enum State {
        FULL,
        PARTIAL
    }

    public Reginfo {
        Objects.requireNonNull(state, "state");
        if (version < 0) {
            throw new IllegalArgumentException("negative version: " + version);
        }
        registrations = List.copyOf(registrations);
    }
}
