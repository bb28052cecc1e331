package net.cpmpf.xml.commonpolicy;

import java.util.Objects;

/**
 * One RFC 4745 {@code <rule>}: when all of its {@link Conditions} are true for a request, its {@link Actions} apply.
 * Transformations are not modelled: the CPM access policy uses none.
 *
 * @param id the rule's {@code id} attribute, unique within its ruleset; used in logs
 */
public record Rule(String id, Conditions conditions, Actions actions) {

    public Rule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(conditions, "conditions");
        Objects.requireNonNull(actions, "actions");
    }
}
