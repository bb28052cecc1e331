package net.cpmpf.xml.commonpolicy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An RFC 4745 §7.1 {@code <identity>} condition: true when the authenticated originator is one of {@link #ones()} or
 * falls under one of {@link #many()}. Identities are compared in the {@link net.cpmpf.events.CpmAddress} normal
 * form; an {@code id} that is not a CPM address (a {@code mailto:} URI, say) is kept as written and never matches a
 * CPM originator. Bounded by {@link CommonPolicyLimits#maxIdentitiesPerRule()} when parsed.
 *
 * @param ones the normalised {@code <one id>} values
 * @param many the {@code <many>} elements
 */
public record Identity(List<String> ones, List<Many> many) {

    public Identity {
        ones = List.copyOf(ones);
        many = List.copyOf(many);
    }

    /** Whether {@code originator} (normalised, or {@code null} when unknown) matches; an unknown one never does. */
    public boolean matches(String originator) {
        if (originator == null) {
            return false;
        }
        if (ones.contains(originator)) {
            return true;
        }
        String domain = domainOf(originator);
        return many.stream().anyMatch(m -> m.matches(originator, domain));
    }

    /**
     * The host part of a {@code sip:}/{@code sips:} address, lower-cased by normalisation; {@code null} for a
     * {@code tel:} URI, which has no domain for {@code <many domain>} to match.
     */
    static String domainOf(String originator) {
        if (originator.startsWith("tel:")) {
            return null;
        }
        int at = originator.lastIndexOf('@');
        return at >= 0 ? originator.substring(at + 1) : originator.substring(originator.indexOf(':') + 1);
    }

    /**
     * A {@code <many>} element: every authenticated identity in {@code domain} (or anywhere when empty) except those
     * listed.
     *
     * @param domain lower-cased; empty for {@code <many/>} without a domain
     * @param exceptIds normalised {@code <except id>} values
     * @param exceptDomains lower-cased {@code <except domain>} values
     */
    public record Many(Optional<String> domain, List<String> exceptIds, List<String> exceptDomains) {

        public Many {
            Objects.requireNonNull(domain, "domain");
            exceptIds = List.copyOf(exceptIds);
            exceptDomains = List.copyOf(exceptDomains);
        }

        boolean matches(String originator, String originatorDomain) {
            boolean inScope = domain.isEmpty() || domain.get().equals(originatorDomain);
            return inScope
                    && !exceptIds.contains(originator)
                    && (originatorDomain == null || !exceptDomains.contains(originatorDomain));
        }
    }
}
