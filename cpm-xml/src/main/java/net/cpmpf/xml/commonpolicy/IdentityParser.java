package net.cpmpf.xml.commonpolicy;

import static net.cpmpf.xml.commonpolicy.CommonPolicyParser.CP;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.cpmpf.xml.MalformedDocumentException;
import net.cpmpf.xml.MalformedDocumentException.Reason;
import net.cpmpf.xml.SafeXmlReader;

/** Reads one RFC 4745 {@code <identity>} for {@link ConditionsParser}; not thread-safe (counts one rule). */
final class IdentityParser {

    private final int maxIdentities;
    private final String rule;
    private int count;

    IdentityParser(CommonPolicyLimits limits, String rule) {
        this.maxIdentities = limits.maxIdentitiesPerRule();
        this.rule = rule;
    }

    Identity identity(SafeXmlReader reader) throws MalformedDocumentException {
        List<String> ones = new ArrayList<>();
        List<Identity.Many> many = new ArrayList<>();
        while (reader.nextChild()) {
            if (reader.is(CP, "one")) {
                count();
                ones.add(PolicyValues.identity(PolicyValues.required(reader, "id", rule)));
                reader.skip();
            } else if (reader.is(CP, "many")) {
                count();
                many.add(many(reader));
            } else {
                reader.skip();
            }
        }
        return new Identity(ones, many);
    }

    private Identity.Many many(SafeXmlReader reader) throws MalformedDocumentException {
        String domain = reader.attribute("domain");
        // an empty domain must not silently widen the rule to everyone, as <many/> without the attribute does
        if (domain != null && domain.isBlank()) {
            throw PolicyValues.invalid("empty domain on <many>", domain, rule);
        }
        Optional<String> scope = domain == null ? Optional.empty() : Optional.of(PolicyValues.domain(domain.strip()));
        List<String> exceptIds = new ArrayList<>();
        List<String> exceptDomains = new ArrayList<>();
        while (reader.nextChild()) {
            if (reader.is(CP, "except")) {
                count();
                String id = reader.attribute("id");
                String exceptDomain = reader.attribute("domain");
                if (blank(id) && blank(exceptDomain)) {
                    throw new MalformedDocumentException(
                            Reason.MISSING_REQUIRED, "id or domain on <except>" + PolicyValues.in(rule));
                }
                if (!blank(id)) {
                    exceptIds.add(PolicyValues.identity(id.strip()));
                }
                if (!blank(exceptDomain)) {
                    exceptDomains.add(PolicyValues.domain(exceptDomain.strip()));
                }
                reader.skip();
            } else {
                reader.skip();
            }
        }
        return new Identity.Many(scope, exceptIds, exceptDomains);
    }

    private void count() throws MalformedDocumentException {
        if (++count > maxIdentities) {
            throw PolicyValues.tooMany(maxIdentities, "one/many/except identities", rule);
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
