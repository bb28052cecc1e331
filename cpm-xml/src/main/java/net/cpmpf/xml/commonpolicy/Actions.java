package net.cpmpf.xml.commonpolicy;

import java.util.Objects;
import java.util.Optional;

/**
 * The actions of one rule that the CPM Participating Function acts on.
 *
 * @param rejectInvite the OMA {@code <allow-reject-invite>} value: {@code true} rejects the request; empty when the
 *     rule does not set it, in which case the rule takes no part in combining this action (RFC 4745 §10.2)
 */
public record Actions(Optional<Boolean> rejectInvite) {

    /** A rule without any action the PF knows. */
    public static final Actions NONE = new Actions(Optional.empty());

    public Actions {
        Objects.requireNonNull(rejectInvite, "rejectInvite");
    }
}
