package net.cpmpf.xml.commonpolicy;

import static net.cpmpf.xml.commonpolicy.Decision.Verdict.CONTINUE;
import static net.cpmpf.xml.commonpolicy.Decision.Verdict.REJECT;
import static net.cpmpf.xml.commonpolicy.Policies.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import net.cpmpf.xml.MalformedDocumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AccessPolicyTest {

    private static final String CPM = "+g.oma.sip-cpm";
    private static final String PAGER = "pager-mode-message";
    private static final String LARGE = "large-message";
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    private final CommonPolicyParser parser = new CommonPolicyParser();

    static Stream<Arguments> decisions() {
        return Stream.of(
                row(
                        "bob, pager",
                        Policies.BLOCK_BOB_PAGER,
                        from("sip:bob@example.com", PAGER),
                        REJECT,
                        "block-bob-pager"),
                row(
                        "bob in name-addr form with parameters",
                        Policies.BLOCK_BOB_PAGER,
                        from("<sip:bob@EXAMPLE.com;transport=tcp>", PAGER),
                        REJECT,
                        "block-bob-pager"),
                row(
                        "bob, large message: media condition false",
                        Policies.BLOCK_BOB_PAGER,
                        from("sip:bob@example.com", LARGE),
                        CONTINUE),
                row(
                        "carol, pager: identity condition false",
                        Policies.BLOCK_BOB_PAGER,
                        from("sip:carol@example.com", PAGER),
                        CONTINUE),
                row(
                        "bob's user part is case-sensitive",
                        Policies.BLOCK_BOB_PAGER,
                        from("sip:Bob@example.com", PAGER),
                        CONTINUE),
                row(
                        "bob over another service",
                        Policies.BLOCK_BOB_PAGER,
                        new Request("sip:bob@example.com", "+g.oma.sip-im", PAGER, false, NOW),
                        CONTINUE),
                row(
                        "spam domain",
                        Policies.BLOCK_DOMAIN_EXCEPT_FRIEND,
                        from("sip:x@spam.example", PAGER),
                        REJECT,
                        "spam-domain"),
                row(
                        "spam domain, upper case host",
                        Policies.BLOCK_DOMAIN_EXCEPT_FRIEND,
                        from("sip:x@SPAM.EXAMPLE", LARGE),
                        REJECT,
                        "spam-domain"),
                row(
                        "the friend at the spam domain",
                        Policies.BLOCK_DOMAIN_EXCEPT_FRIEND,
                        from("sip:friend@spam.example", PAGER),
                        CONTINUE),
                row(
                        "a sub-domain is another domain",
                        Policies.BLOCK_DOMAIN_EXCEPT_FRIEND,
                        from("sip:x@mail.spam.example", PAGER),
                        CONTINUE),
                row(
                        "a tel URI has no domain",
                        Policies.BLOCK_DOMAIN_EXCEPT_FRIEND,
                        from("tel:+15551234", PAGER),
                        CONTINUE),
                row(
                        "home domain excepted from <many/>",
                        Policies.ONLY_HOME_AND_PARTNER,
                        from("sip:alice@example.com", PAGER),
                        CONTINUE),
                row(
                        "partner's boss excepted by id",
                        Policies.ONLY_HOME_AND_PARTNER,
                        from("sip:boss@partner.example", PAGER),
                        CONTINUE),
                row(
                        "anyone else at the partner",
                        Policies.ONLY_HOME_AND_PARTNER,
                        from("sip:intern@partner.example", PAGER),
                        REJECT,
                        "strangers"),
                row(
                        "a tel URI is an authenticated identity under <many/>",
                        Policies.ONLY_HOME_AND_PARTNER,
                        from("tel:+15551234", PAGER),
                        REJECT,
                        "strangers"),
                row(
                        "an unknown anonymous sender matches no identity",
                        Policies.ONLY_HOME_AND_PARTNER,
                        anonymous(null),
                        CONTINUE),
                row(
                        "large message refused to all",
                        Policies.NO_LARGE_MESSAGES,
                        from("sip:alice@example.com", LARGE),
                        REJECT,
                        "no-large"),
                row("pager message passes", Policies.NO_LARGE_MESSAGES, from("sip:alice@example.com", PAGER), CONTINUE),
                row(
                        "rules for IM and PoC do not apply to CPM",
                        Policies.OTHER_SERVICES,
                        from("sip:alice@example.com", PAGER),
                        CONTINUE),
                row(
                        "the IM rule applies to IM",
                        Policies.OTHER_SERVICES,
                        new Request("sip:alice@example.com", "+G.OMA.SIP-IM", PAGER, false, NOW),
                        REJECT,
                        "im-only"),
                row(
                        "allow false OR block true is reject",
                        Policies.ALLOW_COLLEAGUES_BLOCK_BOB,
                        from("sip:bob@example.com", PAGER),
                        REJECT,
                        "colleagues",
                        "bob",
                        "no-action"),
                row(
                        "allow false alone continues",
                        Policies.ALLOW_COLLEAGUES_BLOCK_BOB,
                        from("sip:alice@example.com", PAGER),
                        CONTINUE,
                        "colleagues"),
                row("before the holidays", Policies.HOLIDAYS, at("2026-12-23T22:59:59Z"), CONTINUE),
                row(
                        "from is inclusive: local midnight at +01:00",
                        Policies.HOLIDAYS,
                        at("2026-12-23T23:00:00Z"),
                        REJECT,
                        "holidays"),
                row("until is exclusive", Policies.HOLIDAYS, at("2027-01-02T00:00:00Z"), CONTINUE),
                row("second interval", Policies.HOLIDAYS, at("2027-03-01T20:30:00Z"), REJECT, "holidays"),
                row("after the second interval", Policies.HOLIDAYS, at("2027-03-01T23:00:00Z"), CONTINUE),
                row("anonymous without identity", Policies.NO_ANONYMOUS, anonymous(null), REJECT, "no-anonymous"),
                row(
                        "anonymous with an asserted identity",
                        Policies.NO_ANONYMOUS,
                        anonymous("sip:bob@example.com"),
                        REJECT,
                        "no-anonymous"),
                row("identified sender", Policies.NO_ANONYMOUS, from("sip:bob@example.com", PAGER), CONTINUE),
                row(
                        "external list is not expanded: the rule never matches",
                        Policies.EXTERNAL_BLOCK_LIST,
                        from("sip:bob@example.com", PAGER),
                        CONTINUE),
                row(
                        "action in the common-policy namespace",
                        Policies.UNPREFIXED_ACTION,
                        anonymous(null),
                        REJECT,
                        "block-all"),
                row("empty ruleset", Policies.ruleset(""), from("sip:bob@example.com", PAGER), CONTINUE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decisions")
    void decides(String name, String document, Request request, Decision.Verdict verdict, List<String> matching)
            throws MalformedDocumentException {
        Decision decision = AccessPolicy.evaluate(parser.parse(bytes(document)), request);

        assertThat(decision).isEqualTo(new Decision(verdict, matching));
        assertThat(decision.rejected()).isEqualTo(verdict == REJECT);
    }

    @Test
    void anonymousRequestDoesNotHideAKnownBlockedSender() throws MalformedDocumentException {
        Ruleset ruleset = parser.parse(bytes(Policies.BLOCK_BOB_PAGER));

        assertThat(AccessPolicy.evaluate(ruleset, anonymous("sip:bob@example.com"))
                        .verdict())
                .isEqualTo(REJECT);
    }

    @Test
    void refusesARequestWithoutOriginatorThatIsNotAnonymous() {
        assertThatThrownBy(() -> new Request(null, CPM, PAGER, false, NOW))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Request("mailto:bob@example.com", CPM, PAGER, false, NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Arguments row(
            String name, String document, Request request, Decision.Verdict verdict, String... matching) {
        return Arguments.of(name, document, request, verdict, List.of(matching));
    }

    private static Request from(String originator, String media) {
        return new Request(originator, CPM, media, false, NOW);
    }

    private static Request anonymous(String originator) {
        return new Request(originator, CPM, PAGER, true, NOW);
    }

    private static Request at(String instant) {
        return new Request("sip:alice@example.com", CPM, PAGER, false, Instant.parse(instant));
    }
}
