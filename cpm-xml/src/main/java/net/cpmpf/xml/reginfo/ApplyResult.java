package net.cpmpf.xml.reginfo;

import java.util.Objects;
import java.util.Set;

/**
 * What {@link RegistrationState#apply} did with a document.
 *
 * @param outcome whether the document changed the state
 * @param changedAors the AoRs ({@link net.cpmpf.events.CpmAddress} normal form) whose active contacts, expiry or
 *     presence differ after the document; each needs a new {@code RegistrationChanged}. Empty unless {@link
 *     Outcome#APPLIED}, and may be empty then too (a refresh that changed nothing, an {@code init} registration…)
 */
public record ApplyResult(Outcome outcome, Set<String> changedAors) {

    /** The three ways RFC 3680 §5 lets a subscriber treat a NOTIFY body. */
    public enum Outcome {
        /** The document was the next one (or a newer full one) and is now the state. */
        APPLIED,
        /** The version was not newer than the one held: a retransmission or a reordered NOTIFY; nothing changed. */
        IGNORED_STALE,
        /**
         * A partial document whose version skips ahead (a NOTIFY was lost), or a partial document before any full
         * one: nothing changed; the subscriber must refresh its SUBSCRIBE to get a full document.
         */
        RESYNC_NEEDED
    }

    public ApplyResult {
        Objects.requireNonNull(outcome, "outcome");
        changedAors = Set.copyOf(changedAors);
    }

    static ApplyResult unchanged(Outcome outcome) {
        return new ApplyResult(outcome, Set.of());
    }
}
