package net.cpmpf.xml.commonpolicy;

import static net.cpmpf.xml.commonpolicy.CommonPolicyParser.CP;
import static net.cpmpf.xml.commonpolicy.CommonPolicyParser.OCP;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.cpmpf.xml.MalformedDocumentException;
import net.cpmpf.xml.MalformedDocumentException.Reason;
import net.cpmpf.xml.SafeXmlReader;

/**
 * Reads the {@code <conditions>} of one rule for {@link CommonPolicyParser}. Each known condition may appear once in
 * a rule: RFC 4745 would AND repeated ones, which for {@code <identity>} is almost never what an author meant, so a
 * repetition is refused rather than guessed at.
 */
final class ConditionsParser {

    private final CommonPolicyLimits limits;

    ConditionsParser(CommonPolicyLimits limits) {
        this.limits = limits;
    }

    Conditions conditions(SafeXmlReader reader, String rule) throws MalformedDocumentException {
        IdentityParser identityParser = new IdentityParser(limits, rule);
        Optional<Identity> identity = Optional.empty();
        Optional<List<String>> services = Optional.empty();
        Optional<List<String>> media = Optional.empty();
        Optional<Validity> validity = Optional.empty();
        boolean anonymous = false;
        List<String> unsupported = new ArrayList<>();
        while (reader.nextChild()) {
            if (reader.is(CP, "identity")) {
                identity = once(identity, "identity", rule, identityParser.identity(reader));
            } else if (reader.is(CP, "validity")) {
                validity = once(validity, "validity", rule, validity(reader, rule));
            } else if (reader.is(OCP, "service-list")) {
                services = once(services, "service-list", rule, services(reader, rule));
            } else if (reader.is(OCP, "media-list")) {
                media = once(media, "media-list", rule, media(reader, rule));
            } else if (reader.is(OCP, "anonymous-request")) {
                anonymous = true;
                reader.skip();
            } else {
                // <ocp:external-list> lands here too: its members live in other XDMS documents that are not
                // expanded here, and guessing either way would wrongly block or admit, so the rule cannot match.
                String name = "{" + reader.namespaceUri() + "}" + reader.localName();
                if (!unsupported.contains(name)) {
                    unsupported.add(name);
                }
                reader.skip();
            }
        }
        return new Conditions(identity, services, media, validity, anonymous, unsupported);
    }

    private static <T> Optional<T> once(Optional<T> current, String element, String rule, T parsed)
            throws MalformedDocumentException {
        if (current.isPresent()) {
            throw PolicyValues.duplicate(element, rule);
        }
        return Optional.of(parsed);
    }

    /** {@code <service featuretag>} is kept; {@code <service enabler>} names a non-CPM enabler and is dropped. */
    private List<String> services(SafeXmlReader reader, String rule) throws MalformedDocumentException {
        List<String> tags = new ArrayList<>();
        int services = 0;
        while (reader.nextChild()) {
            if (reader.is(OCP, "service")) {
                if (++services > limits.maxServicesPerRule()) {
                    throw PolicyValues.tooMany(limits.maxServicesPerRule(), "services", rule);
                }
                String tag = reader.attribute("featuretag");
                if (tag != null && !tag.isBlank()) {
                    tags.add(tag.strip());
                }
            }
            reader.skip();
        }
        return tags;
    }

    /** Any child element names a medium, whatever its namespace: new media must not need a parser change. */
    private List<String> media(SafeXmlReader reader, String rule) throws MalformedDocumentException {
        List<String> names = new ArrayList<>();
        while (reader.nextChild()) {
            if (names.size() == limits.maxMediaPerRule()) {
                throw PolicyValues.tooMany(limits.maxMediaPerRule(), "media", rule);
            }
            names.add(reader.localName());
            reader.skip();
        }
        return names;
    }

    /** RFC 4745 §7.3: a sequence of {@code <from>}, {@code <until>} pairs, at least one. */
    private Validity validity(SafeXmlReader reader, String rule) throws MalformedDocumentException {
        List<Validity.Interval> intervals = new ArrayList<>();
        Instant from = null;
        while (reader.nextChild()) {
            if (reader.is(CP, "from")) {
                if (from != null) {
                    throw missing("<until> after <from>", rule);
                }
                from = PolicyValues.dateTime(reader.text(), "validity from", rule);
            } else if (reader.is(CP, "until")) {
                if (from == null) {
                    throw missing("<from> before <until>", rule);
                }
                Instant until = PolicyValues.dateTime(reader.text(), "validity until", rule);
                if (until.isBefore(from)) {
                    throw PolicyValues.invalid("validity until before from", until.toString(), rule);
                }
                if (intervals.size() == limits.maxValidityIntervalsPerRule()) {
                    throw PolicyValues.tooMany(limits.maxValidityIntervalsPerRule(), "validity intervals", rule);
                }
                intervals.add(new Validity.Interval(from, until));
                from = null;
            } else {
                reader.skip();
            }
        }
        if (from != null || intervals.isEmpty()) {
            throw missing("<from>/<until> pair in <validity>", rule);
        }
        return new Validity(intervals);
    }

    private static MalformedDocumentException missing(String what, String rule) {
        return new MalformedDocumentException(Reason.MISSING_REQUIRED, what + PolicyValues.in(rule));
    }
}
