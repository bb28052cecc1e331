package net.cpmpf.xml.commonpolicy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import net.cpmpf.xml.MalformedDocumentException;
import net.cpmpf.xml.MalformedDocumentException.Reason;
import net.cpmpf.xml.SafeXmlReader;
import net.cpmpf.xml.XmlLimits;

/**
 * Parses a CPM access policy: an RFC 4745 common-policy {@code <ruleset>} ({@value #CP}) with the OMA XDM
 * shared-policy extensions ({@value #OCP}) into a {@link Ruleset}. Used both to evaluate a stored policy and to
 * validate one on upload, so every refusal is a {@link MalformedDocumentException} whose message names the element
 * and rule and echoes at most a short excerpt of the input.
 *
 * <p>Accepted: {@code <rule id>} (required, unique) with {@code <conditions>}, {@code <actions>} and
 * {@code <transformations>} (skipped). Conditions: {@code cp:identity} ({@code one id}, {@code many domain?} with
 * {@code except id|domain}), {@code cp:validity}, {@code ocp:service-list}/{@code ocp:service featuretag|enabler},
 * {@code ocp:media-list} (any child element), {@code ocp:anonymous-request}; other conditions are kept as
 * {@link Conditions#unsupported()}. Action: {@code allow-reject-invite} (xs:boolean) in the OMA namespace, and also
 * in the common-policy one, since RFC 4745 defines no action of that name and documents written with a default
 * common-policy namespace commonly leave OMA actions unprefixed. Unknown actions are skipped. Elements are matched
 * by namespace, never by prefix. Bounded by {@link XmlLimits} and {@link CommonPolicyLimits}.
 *
 * <p>Immutable and thread-safe.
 */
public final class CommonPolicyParser {

    /** The RFC 4745 namespace. */
    public static final String CP = "urn:ietf:params:xml:ns:common-policy";

    /** The OMA XDM shared-policy extension namespace. */
    public static final String OCP = "urn:oma:xml:xdm:common-policy";

    private final XmlLimits xmlLimits;
    private final CommonPolicyLimits limits;
    private final ConditionsParser conditionsParser;

    /** A parser with {@link XmlLimits#DEFAULTS} and {@link CommonPolicyLimits#DEFAULTS}. */
    public CommonPolicyParser() {
        this(XmlLimits.DEFAULTS, CommonPolicyLimits.DEFAULTS);
    }

    public CommonPolicyParser(XmlLimits xmlLimits, CommonPolicyLimits limits) {
        this.xmlLimits = Objects.requireNonNull(xmlLimits, "xmlLimits");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.conditionsParser = new ConditionsParser(limits);
    }

    /**
     * @param body the document as stored or uploaded, UTF-8
     * @throws MalformedDocumentException if the document is refused; nothing is partially returned
     */
    public Ruleset parse(byte[] body) throws MalformedDocumentException {
        SafeXmlReader reader = SafeXmlReader.openRoot(body, xmlLimits, CP, "ruleset");
        List<Rule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        while (reader.nextChild()) {
            if (reader.is(CP, "rule")) {
                if (rules.size() == limits.maxRules()) {
                    throw new MalformedDocumentException(
                            Reason.TOO_MANY_ITEMS, "more than " + limits.maxRules() + " rules");
                }
                Rule rule = rule(reader);
                if (!ids.add(rule.id())) {
                    throw new MalformedDocumentException(
                            Reason.INVALID_VALUE, "rule id used twice" + PolicyValues.in(rule.id()));
                }
                rules.add(rule);
            } else {
                reader.skip();
            }
        }
        reader.finish();
        return new Ruleset(rules);
    }

    private Rule rule(SafeXmlReader reader) throws MalformedDocumentException {
        String id = reader.attribute("id");
        if (id == null || id.isBlank()) {
            throw new MalformedDocumentException(Reason.MISSING_REQUIRED, "attribute id on " + reader.describe());
        }
        Conditions conditions = null;
        Actions actions = null;
        while (reader.nextChild()) {
            if (reader.is(CP, "conditions")) {
                if (conditions != null) {
                    throw PolicyValues.duplicate("conditions", id);
                }
                conditions = conditionsParser.conditions(reader, id);
            } else if (reader.is(CP, "actions")) {
                if (actions != null) {
                    throw PolicyValues.duplicate("actions", id);
                }
                actions = actions(reader, id);
            } else {
                reader.skip();
            }
        }
        return new Rule(
                id, conditions == null ? Conditions.NONE : conditions, actions == null ? Actions.NONE : actions);
    }

    private static Actions actions(SafeXmlReader reader, String rule) throws MalformedDocumentException {
        Optional<Boolean> reject = Optional.empty();
        while (reader.nextChild()) {
            if (reader.is(OCP, "allow-reject-invite") || reader.is(CP, "allow-reject-invite")) {
                if (reject.isPresent()) {
                    throw PolicyValues.duplicate("allow-reject-invite", rule);
                }
                reject = Optional.of(PolicyValues.xsBoolean(reader.text(), "allow-reject-invite", rule));
            } else {
                reader.skip();
            }
        }
        return new Actions(reject);
    }
}
