package net.cpmpf.xml.commonpolicy;

import java.util.List;

/**
 * An RFC 4745 {@code <ruleset>}: the rules of one user's access policy, in document order. Order carries no meaning
 * (RFC 4745 combines the actions of every matching rule), it is kept only so that logs read like the document.
 * Bounded by {@link CommonPolicyLimits#maxRules()} when parsed.
 */
public record Ruleset(List<Rule> rules) {

    public Ruleset {
        rules = List.copyOf(rules);
    }
}
