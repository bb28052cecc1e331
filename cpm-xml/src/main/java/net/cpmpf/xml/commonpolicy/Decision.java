package net.cpmpf.xml.commonpolicy;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link AccessPolicy#evaluate}.
 *
 * @param verdict {@link Verdict#REJECT} when the caller must answer 403 Forbidden with Warning {@code 122 Function
 *     not allowed} (CR 8.3.2.1 step 1); {@link Verdict#CONTINUE} otherwise
 * @param matchingRuleIds ids of every rule whose conditions held, in document order, for logging
 */
public record Decision(Verdict verdict, List<String> matchingRuleIds) {

    /** Whether the request may proceed to the next step. */
    public enum Verdict {
        REJECT,
        CONTINUE
    }

    public Decision {
        Objects.requireNonNull(verdict, "verdict");
        matchingRuleIds = List.copyOf(matchingRuleIds);
    }

    public boolean rejected() {
        return verdict == Verdict.REJECT;
    }
}
