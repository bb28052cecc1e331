package net.cpmpf.xml.commonpolicy;

import static net.cpmpf.xml.commonpolicy.Policies.bytes;
import static net.cpmpf.xml.commonpolicy.Policies.rejectRule;
import static net.cpmpf.xml.commonpolicy.Policies.ruleset;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import net.cpmpf.xml.MalformedDocumentException;
import net.cpmpf.xml.MalformedDocumentException.Reason;
import net.cpmpf.xml.XmlLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CommonPolicyParserTest {

    private static final String INTERVAL = "<from>2026-01-01T00:00:00Z</from><until>2027-01-01T00:00:00Z</until>";

    private final CommonPolicyParser parser = new CommonPolicyParser();

    @Test
    void parsesAPagerModeBlockRule() throws MalformedDocumentException {
        Ruleset ruleset = parser.parse(bytes(Policies.BLOCK_BOB_PAGER));

        assertThat(ruleset.rules())
                .containsExactly(new Rule(
                        "block-bob-pager",
                        new Conditions(
                                Optional.of(new Identity(List.of("sip:bob@example.com"), List.of())),
                                Optional.of(List.of("+g.oma.sip-cpm")),
                                Optional.of(List.of("pager-mode-message")),
                                Optional.empty(),
                                false,
                                List.of()),
                        new Actions(Optional.of(true))));
    }

    @Test
    void lowerCasesDomainsAndNormalisesIdentities() throws MalformedDocumentException {
        String document = ruleset(rejectRule(
                "r",
                "<identity><one id=\"&lt;sip:Bob@Example.COM;user=phone&gt;\"/><one id=\"mailto:Bob@Example.com\"/>"
                        + "<many domain=\"Spam.Example\"><except id=\"sip:Friend@SPAM.example\"/>"
                        + "<except domain=\"Mail.Spam.Example\"/></many></identity>"));

        Identity identity = parser.parse(bytes(document))
                .rules()
                .get(0)
                .conditions()
                .identity()
                .orElseThrow();

        assertThat(identity.ones()).containsExactly("sip:Bob@example.com", "mailto:Bob@Example.com");
        assertThat(identity.many())
                .containsExactly(new Identity.Many(
                        Optional.of("spam.example"), List.of("sip:Friend@spam.example"), List.of("mail.spam.example")));
    }

    @Test
    void readsValidityIntervalsAsInstants() throws MalformedDocumentException {
        Validity validity = parser.parse(bytes(Policies.HOLIDAYS))
                .rules()
                .get(0)
                .conditions()
                .validity()
                .orElseThrow();

        assertThat(validity.intervals())
                .containsExactly(
                        new Validity.Interval(
                                Instant.parse("2026-12-23T23:00:00Z"), Instant.parse("2027-01-02T00:00:00Z")),
                        new Validity.Interval(
                                Instant.parse("2027-03-01T19:00:00Z"), Instant.parse("2027-03-01T23:00:00Z")));
    }

    @Test
    void keepsFeatureTagsNotEnablersAndAnyMediaName() throws MalformedDocumentException {
        String document = ruleset(rejectRule(
                "r",
                "<ocp:service-list><ocp:service enabler=\"poc\"/><ocp:service featuretag=\" +g.oma.sip-cpm \"/>"
                        + "</ocp:service-list><ocp:media-list><ocp:large-message/><x:hologram xmlns:x=\"urn:x\"/>"
                        + "</ocp:media-list>"));

        Conditions conditions = parser.parse(bytes(document)).rules().get(0).conditions();

        assertThat(conditions.serviceFeatureTags()).contains(List.of("+g.oma.sip-cpm"));
        assertThat(conditions.media()).contains(List.of("large-message", "hologram"));
    }

    @Test
    void recordsConditionsItCannotEvaluate() throws MalformedDocumentException {
        String document = ruleset(rejectRule(
                "r",
                "<ocp:external-list><ocp:entry anc=\"http://xcap.example.com/list\"/></ocp:external-list>"
                        + "<sphere value=\"work\"/><ocp:other-identity/><ocp:external-list/>"));

        assertThat(parser.parse(bytes(document)).rules().get(0).conditions().unsupported())
                .containsExactly(
                        "{urn:oma:xml:xdm:common-policy}external-list",
                        "{urn:ietf:params:xml:ns:common-policy}sphere",
                        "{urn:oma:xml:xdm:common-policy}other-identity");
    }

    @Test
    void matchesByNamespaceNotPrefix() throws MalformedDocumentException {
        String document = "<p:ruleset xmlns:p=\"urn:ietf:params:xml:ns:common-policy\" xmlns:o=\"urn:x:not-oma\">"
                + "<o:rule id=\"ghost\"/>"
                + "<p:rule id=\"r\"><p:conditions><o:media-list><o:pager-mode-message/></o:media-list>"
                + "</p:conditions><p:actions><o:allow-reject-invite>true</o:allow-reject-invite></p:actions>"
                + "</p:rule></p:ruleset>";

        Rule rule = parser.parse(bytes(document)).rules().get(0);

        assertThat(rule.id()).isEqualTo("r");
        assertThat(rule.conditions().media()).isEmpty();
        assertThat(rule.conditions().unsupported()).containsExactly("{urn:x:not-oma}media-list");
        assertThat(rule.actions()).isEqualTo(Actions.NONE);
    }

    @Test
    void aRuleWithoutConditionsOrActionsIsKept() throws MalformedDocumentException {
        assertThat(parser.parse(bytes(ruleset("<rule id=\"bare\"/>"))).rules())
                .containsExactly(new Rule("bare", Conditions.NONE, Actions.NONE));
    }

    static Stream<Arguments> refusedDocuments() {
        String many = "<many>" + "<except domain=\"a.example\"/>".repeat(5) + "</many>";
        return Stream.of(
                Arguments.of(
                        "XXE",
                        "<?xml version=\"1.0\"?><!DOCTYPE ruleset [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                                + ruleset("<rule id=\"&x;\"/>"),
                        Reason.DTD_FORBIDDEN,
                        "DOCTYPE"),
                Arguments.of(
                        "billion laughs",
                        "<!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
                                + ruleset("<rule id=\"&b;\"/>"),
                        Reason.DTD_FORBIDDEN,
                        "DOCTYPE"),
                Arguments.of("plain DOCTYPE", "<!DOCTYPE ruleset>" + ruleset(""), Reason.DTD_FORBIDDEN, "DOCTYPE"),
                Arguments.of(
                        "not well-formed", ruleset("<rule id=\"r\"><conditions></rule>"), Reason.NOT_WELL_FORMED, ""),
                Arguments.of(
                        "content after the root",
                        ruleset("") + "<ruleset/>",
                        Reason.NOT_WELL_FORMED,
                        "following the root element"),
                Arguments.of(
                        "wrong root namespace",
                        "<ruleset xmlns=\"urn:ietf:params:xml:ns:common-policy-typo\"/>",
                        Reason.UNEXPECTED_ROOT,
                        "ruleset"),
                Arguments.of("root without namespace", "<ruleset/>", Reason.UNEXPECTED_ROOT, "ruleset"),
                Arguments.of("rule without id", ruleset("<rule/>"), Reason.MISSING_REQUIRED, "attribute id"),
                Arguments.of(
                        "duplicate rule id",
                        ruleset("<rule id=\"a\"/><rule id=\"a\"/>"),
                        Reason.INVALID_VALUE,
                        "rule id used twice in rule 'a'"),
                Arguments.of(
                        "bad boolean",
                        ruleset("<rule id=\"r\"><actions><ocp:allow-reject-invite>yes</ocp:allow-reject-invite>"
                                + "</actions></rule>"),
                        Reason.INVALID_VALUE,
                        "allow-reject-invite 'yes' in rule 'r'"),
                Arguments.of(
                        "two reject actions",
                        ruleset("<rule id=\"r\"><actions><ocp:allow-reject-invite>true</ocp:allow-reject-invite>"
                                + "<allow-reject-invite>false</allow-reject-invite></actions></rule>"),
                        Reason.INVALID_VALUE,
                        "more than one <allow-reject-invite> in rule 'r'"),
                Arguments.of(
                        "bad dateTime",
                        ruleset(rejectRule(
                                "r",
                                "<validity><from>2026-13-01T00:00:00Z</from><until>2027-01-01T00:00:00Z</until>"
                                        + "</validity>")),
                        Reason.INVALID_VALUE,
                        "validity from (a dateTime with time zone) '2026-13-01T00:00:00Z' in rule 'r'"),
                Arguments.of(
                        "dateTime without time zone",
                        ruleset(rejectRule(
                                "r",
                                "<validity><from>2026-01-01T00:00:00Z</from><until>2027-01-01T00:00:00</until>"
                                        + "</validity>")),
                        Reason.INVALID_VALUE,
                        "validity until"),
                Arguments.of(
                        "until before from",
                        ruleset(rejectRule(
                                "r",
                                "<validity><from>2027-01-01T00:00:00Z</from><until>2026-01-01T00:00:00Z</until>"
                                        + "</validity>")),
                        Reason.INVALID_VALUE,
                        "until before from"),
                Arguments.of(
                        "until without from",
                        ruleset(rejectRule("r", "<validity><until>2026-01-01T00:00:00Z</until></validity>")),
                        Reason.MISSING_REQUIRED,
                        "<from> before <until>"),
                Arguments.of(
                        "empty validity",
                        ruleset(rejectRule("r", "<validity/>")),
                        Reason.MISSING_REQUIRED,
                        "pair in <validity>"),
                Arguments.of(
                        "one without id",
                        ruleset(rejectRule("r", "<identity><one/></identity>")),
                        Reason.MISSING_REQUIRED,
                        "attribute id"),
                Arguments.of(
                        "except without id or domain",
                        ruleset(rejectRule("r", "<identity><many><except/></many></identity>")),
                        Reason.MISSING_REQUIRED,
                        "id or domain on <except> in rule 'r'"),
                Arguments.of(
                        "many with an empty domain",
                        ruleset(rejectRule("r", "<identity><many domain=\" \"/></identity>")),
                        Reason.INVALID_VALUE,
                        "empty domain on <many> ' ' in rule 'r'"),
                Arguments.of(
                        "two identity conditions",
                        ruleset(rejectRule("r", "<identity/><identity/>")),
                        Reason.INVALID_VALUE,
                        "more than one <identity>"),
                Arguments.of(
                        "too many rules",
                        ruleset("<rule id=\"a\"/><rule id=\"b\"/><rule id=\"c\"/>"),
                        Reason.TOO_MANY_ITEMS,
                        "more than 2 rules"),
                Arguments.of(
                        "too many identities",
                        ruleset(rejectRule("r", "<identity>" + many + "</identity>")),
                        Reason.TOO_MANY_ITEMS,
                        "more than 4 one/many/except identities in rule 'r'"),
                Arguments.of(
                        "too many media",
                        ruleset(rejectRule("r", "<ocp:media-list><a/><b/><c/></ocp:media-list>")),
                        Reason.TOO_MANY_ITEMS,
                        "more than 2 media"),
                Arguments.of(
                        "too many services",
                        ruleset(rejectRule(
                                "r",
                                "<ocp:service-list>" + "<ocp:service enabler=\"x\"/>".repeat(3)
                                        + "</ocp:service-list>")),
                        Reason.TOO_MANY_ITEMS,
                        "more than 2 services"),
                Arguments.of(
                        "too many validity intervals",
                        ruleset(rejectRule("r", "<validity>" + INTERVAL.repeat(3) + "</validity>")),
                        Reason.TOO_MANY_ITEMS,
                        "more than 2 validity intervals"),
                Arguments.of("oversized", ruleset(" ".repeat(5_000)), Reason.DOCUMENT_TOO_LARGE, "limit 4096"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedDocuments")
    @Timeout(5)
    void refuses(String name, String document, Reason reason, String detail) {
        CommonPolicyParser small = new CommonPolicyParser(
                new XmlLimits(4096, 16, 10_000, 64, 2_048, 4_096), new CommonPolicyLimits(2, 4, 2, 2, 2));

        MalformedDocumentException refused =
                catchThrowableOfType(MalformedDocumentException.class, () -> small.parse(bytes(document)));

        assertThat(refused).as(name).isNotNull();
        assertThat(refused.reason()).isEqualTo(reason);
        assertThat(refused.getMessage()).contains(detail).hasSizeLessThan(400);
    }

    @Test
    void refusesADocumentThatIsNotUtf8() {
        byte[] latin1 = ruleset("<rule id=\"caf\u00e9\"/>").getBytes(StandardCharsets.ISO_8859_1);

        MalformedDocumentException refused =
                catchThrowableOfType(MalformedDocumentException.class, () -> parser.parse(latin1));

        assertThat(refused.reason()).isEqualTo(Reason.NOT_WELL_FORMED);
        assertThat(refused.getMessage()).contains("not UTF-8");
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> new CommonPolicyLimits(1, 1, 1, 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be positive");
    }

    @Test
    void echoesOnlyAnExcerptOfAHugeBadValue() {
        String huge = "x".repeat(2_000);
        String document = ruleset("<rule id=\"" + huge + "\"><actions><ocp:allow-reject-invite>" + huge
                + "</ocp:allow-reject-invite></actions></rule>");

        MalformedDocumentException refused =
                catchThrowableOfType(MalformedDocumentException.class, () -> parser.parse(bytes(document)));

        assertThat(refused.reason()).isEqualTo(Reason.INVALID_VALUE);
        assertThat(refused.getMessage()).hasSizeLessThan(200);
    }
}
