package net.cpmpf.xml.commonpolicy;

/**
 * Counts bounded by {@link CommonPolicyParser} on top of the generic {@link net.cpmpf.xml.XmlLimits}: a document over
 * one of them is refused with {@link net.cpmpf.xml.MalformedDocumentException.Reason#TOO_MANY_ITEMS}, which the
 * policy service reports on PUT. Evaluation cost is linear in these numbers.
 *
 * @param maxRules most {@code <rule>} elements in one ruleset (default 64: a user's access policy is a handful of
 *     rules, typically an allow rule and a block rule per service)
 * @param maxIdentitiesPerRule most {@code <one>}, {@code <many>} and {@code <except>} elements together in one rule
 *     (default 1,000: a block list lives in one rule)
 * @param maxServicesPerRule most {@code <service>} elements in one rule (default 32)
 * @param maxMediaPerRule most media elements in one rule (default 32)
 * @param maxValidityIntervalsPerRule most {@code <from>}/{@code <until>} pairs in one rule (default 16)
 */
public record CommonPolicyLimits(
        int maxRules,
        int maxIdentitiesPerRule,
        int maxServicesPerRule,
        int maxMediaPerRule,
        int maxValidityIntervalsPerRule) {

    /** The defaults documented on the components. */
    public static final CommonPolicyLimits DEFAULTS = new CommonPolicyLimits(64, 1_000, 32, 32, 16);

    public CommonPolicyLimits {
        if (maxRules <= 0
                || maxIdentitiesPerRule <= 0
                || maxServicesPerRule <= 0
                || maxMediaPerRule <= 0
                || maxValidityIntervalsPerRule <= 0) {
            throw new IllegalArgumentException("common-policy limits must be positive: " + maxRules + ", "
                    + maxIdentitiesPerRule + ", " + maxServicesPerRule + ", " + maxMediaPerRule + ", "
                    + maxValidityIntervalsPerRule);
        }
    }
}
