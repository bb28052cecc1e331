package net.cpmpf.xml.commonpolicy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code <conditions>} of one rule. An empty {@link Optional} means the document has no such condition, which
 * RFC 4745 evaluates as true; a present one must hold for the rule to match.
 *
 * @param identity RFC 4745 {@code <identity>}
 * @param serviceFeatureTags the {@code featuretag} values of OMA {@code <service-list>}; services named only by
 *     {@code enabler} are not kept, so a list of those alone is present and empty and matches no CPM request
 * @param media the local names of the children of OMA {@code <media-list>}, e.g. {@code pager-mode-message}
 * @param validity RFC 4745 {@code <validity>}
 * @param anonymousRequest whether OMA {@code <anonymous-request/>} is present (true only for anonymous requests)
 * @param unsupported conditions this implementation cannot evaluate, as {@code {namespace}name} (OMA {@code
 *     <external-list>} and {@code <other-identity>}, RFC 4745 {@code <sphere>}, unknown extensions): RFC 4745 §7
 *     makes each of them false, so a rule holding one never matches
 */
public record Conditions(
        Optional<Identity> identity,
        Optional<List<String>> serviceFeatureTags,
        Optional<List<String>> media,
        Optional<Validity> validity,
        boolean anonymousRequest,
        List<String> unsupported) {

    /** A rule without {@code <conditions>}: it matches every request. */
    public static final Conditions NONE =
            new Conditions(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false, List.of());

    public Conditions {
        Objects.requireNonNull(identity, "identity");
        serviceFeatureTags = serviceFeatureTags.map(List::copyOf);
        media = media.map(List::copyOf);
        Objects.requireNonNull(validity, "validity");
        unsupported = List.copyOf(unsupported);
    }
}
