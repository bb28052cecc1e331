package net.cpmpf.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The full registration state of one user after a change, as an edge learned it (a {@code reg} event NOTIFY from
 * the S-CSCF, or a REGISTER in lab mode). Full state, not a delta: a consumer replaces what it holds for the user,
 * which makes redelivery harmless. Keyed by {@link #user()} on {@link Topics#REGISTRATIONS}.
 *
 * @param correlationId unique per change; the idempotency key
 * @param user the registered CPM address (AoR), in {@link CpmAddress} normal form
 * @param version increases with every change of this user's state at the publishing edge; a consumer ignores a
 *     version lower than the one it holds for the same {@link #source()}
 * @param source where the state comes from: {@code reg-event:<subscription id>} or {@code registrar:<edge>}
 * @param contacts the active contacts after the change; empty when the user is no longer registered
 * @param edge the command partition of the edge that learned the change, which can reach these contacts (in lab mode
 *     only it knows where a GRUU leads); {@code null} from publishers that predate it
 */
public record RegistrationChanged(
        String correlationId,
        String user,
        String source,
        long version,
        Instant observedAt,
        List<RegisteredContact> contacts,
        ReplyAddress edge)
        implements CpmEvent {

    public RegistrationChanged(
            String correlationId,
            String user,
            String source,
            long version,
            Instant observedAt,
            List<RegisteredContact> contacts) {
        this(correlationId, user, source, version, observedAt, contacts, null);
    }

    public RegistrationChanged {
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(observedAt, "observedAt");
        contacts = contacts == null ? List.of() : List.copyOf(contacts);
    }
}
