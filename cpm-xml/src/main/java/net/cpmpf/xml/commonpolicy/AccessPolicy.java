package net.cpmpf.xml.commonpolicy;

import java.util.List;
import java.util.Locale;

/**
 * Evaluates a CPM access policy as OMA CPM CR 8.3.2.1 step 1 describes, on RFC 4745 semantics. A rule matches when
 * every condition it has holds (an absent condition holds):
 *
 * <ol>
 *   <li>(a) its {@code <service-list>} has a {@code featuretag} equal, ignoring ASCII case (RFC 3840 feature tag
 *       names are case-insensitive), to the request's;
 *   <li>(b) its {@code <media-list>} names the request's medium. A rule without a media list matches every medium,
 *       as RFC 4745 reads an absent condition, so "block bob" blocks bob for pager and large messages alike;
 *   <li>(c) its {@code <identity>} matches the authenticated originator, its {@code <anonymous-request/>} matches
 *       only an anonymous request, its {@code <validity>} contains {@link Request#now()}, and it has no
 *       {@linkplain Conditions#unsupported() unsupported} condition (RFC 4745 §7 makes those false).
 * </ol>
 *
 * <p>(d) Actions of all matching rules combine per RFC 4745 §10.2: {@code allow-reject-invite} is a boolean, so the
 * combination is a logical OR and one matching rule with {@code true} rejects; rules without the action take no part.
 * No matching rule means {@link Decision.Verdict#CONTINUE}.
 *
 * <p>Stateless; cost is linear in the size of the ruleset, which {@link CommonPolicyLimits} bounds.
 */
public final class AccessPolicy {

    private AccessPolicy() {}

    public static Decision evaluate(Ruleset ruleset, Request request) {
        List<Rule> matching = ruleset.rules().stream()
                .filter(rule -> matches(rule.conditions(), request))
                .toList();
        boolean reject =
                matching.stream().anyMatch(rule -> rule.actions().rejectInvite().orElse(false));
        return new Decision(
                reject ? Decision.Verdict.REJECT : Decision.Verdict.CONTINUE,
                matching.stream().map(Rule::id).toList());
    }

    private static boolean matches(Conditions conditions, Request request) {
        return serviceMatches(conditions, request.featureTag())
                && conditions
                        .media()
                        .map(media -> media.contains(request.media()))
                        .orElse(true)
                && conditions
                        .identity()
                        .map(id -> id.matches(request.originator()))
                        .orElse(true)
                && (!conditions.anonymousRequest() || request.anonymous())
                && conditions.validity().map(v -> v.contains(request.now())).orElse(true)
                && conditions.unsupported().isEmpty();
    }

    private static boolean serviceMatches(Conditions conditions, String featureTag) {
        String wanted = featureTag.toLowerCase(Locale.ROOT);
        return conditions
                .serviceFeatureTags()
                .map(tags -> tags.stream()
                        .anyMatch(tag -> tag.toLowerCase(Locale.ROOT).equals(wanted)))
                .orElse(true);
    }
}
