package net.cpmpf.policy.largemessage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.cpmpf.events.FinalResponseCommand;
import net.cpmpf.events.InboundMessage;
import net.cpmpf.events.ReplyAddress;
import net.cpmpf.events.SipHeader;
import net.cpmpf.events.Topics;
import net.cpmpf.policy.servicepolicy.ServicePolicy;
import net.cpmpf.policy.system.PolicyProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LargeMessageChecksTest {

    private static final PolicyProperties.LargeMessage CONFIG = new PolicyProperties.LargeMessage(
            "<https://pf.example.com/ua>",
            "User-Agent version not supported",
            "Anonymity not allowed",
            new PolicyProperties.Answer(480, "Temporarily Unavailable"));
    private static final LargeMessageChecks CHECKS = new LargeMessageChecks(CONFIG, "pf.example.com");
    private static final ServicePolicy STRICT =
            new ServicePolicy(null, null, false, List.of("CPM-client/OMA2.0", "CPM-client/OMA2.1"), null);

    @ParameterizedTest(name = "User-Agent {0} -> supported {1}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                "CPM-client/OMA2.0                        | true",
                "acme-phone/3.1 cpm-client/oma2.1         | true",
                "CPM-client/OMA2.0-beta                   | false",
                "acme-phone/3.1 (CPM-client/OMA2.0)       | false",
                "CPM-client/OMA1.0                        | false",
                "-                                        | false"
            })
    void userAgentVersion(String userAgent, boolean supported) {
        var refusal = CHECKS.refusal(STRICT, invite("<sip:alice@example.com>;tag=1", userAgent, null));

        assertThat(refusal.isEmpty()).isEqualTo(supported);
        refusal.ifPresent(answer -> {
            assertThat(answer.status()).isEqualTo(403);
            assertThat(answer.headers()).contains(new SipHeader("Error-Info", "<https://pf.example.com/ua>"));
        });
    }

    @Test
    void noRequiredVersionLetsEveryClientIncludingOneWithoutUserAgent() {
        var open = new ServicePolicy(null, null, false, List.of(), null);

        assertThat(CHECKS.refusal(open, invite("<sip:alice@example.com>;tag=1", null, null)))
                .isEmpty();
    }

    @ParameterizedTest(name = "From {0}, Privacy {1} -> anonymous {2}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                "<sip:alice@example.com>;tag=1                       | -               | false",
                "<sip:alice@example.com>;tag=1                       | none            | false",
                "<sip:alice@example.com>;tag=1                       | id              | true",
                "<sip:alice@example.com>;tag=1                       | header;critical | true",
                "<sip:alice@example.com>;tag=1                       | user            | true",
                "\"Anonymous\" <sip:anonymous@anonymous.invalid>;tag=1 | -               | true",
                "<sip:anonymous@anonymous.invalid>;tag=1             | -               | true",
                "Anonymous <sip:x@example.com>;tag=1                 | -               | true",
                "<sip:identity@example.com>;tag=1                    | -               | false"
            })
    void anonymityNotAllowed(String from, String privacy, boolean refused) {
        var refusal = CHECKS.refusal(STRICT, invite(from, "CPM-client/OMA2.0", privacy));

        assertThat(refusal.isPresent()).isEqualTo(refused);
        refusal.ifPresent(answer -> assertThat(answer.headers())
                .containsExactly(new SipHeader("Warning", "399 pf.example.com \"Anonymity not allowed\"")));
    }

    @Test
    void anonymityAllowedByPolicyGoesOn() {
        var lenient = new ServicePolicy(null, null, true, List.of(), null);

        assertThat(CHECKS.refusal(lenient, invite("<sip:anonymous@anonymous.invalid>;tag=1", null, "id")))
                .isEmpty();
    }

    @Test
    void versionIsCheckedBeforeAnonymity() {
        FinalResponseCommand answer = CHECKS.refusal(STRICT, invite("<sip:alice@example.com>;tag=1", "old/1", "id"))
                .orElseThrow();

        assertThat(answer.headers()).extracting(SipHeader::name).containsExactly("Error-Info", "Warning");
        assertThat(answer.headers().get(1).value()).contains("User-Agent version not supported");
    }

    private static InboundMessage invite(String from, String userAgent, String privacy) {
        List<SipHeader> headers = new ArrayList<>();
        headers.add(new SipHeader("Accept-Contact", "*;+g.oma.sip-im.large-message"));
        if (userAgent != null) {
            headers.add(new SipHeader("User-Agent", userAgent));
        }
        if (privacy != null) {
            headers.add(new SipHeader("Privacy", privacy));
        }
        return new InboundMessage(
                "c",
                new ReplyAddress(Topics.EDGE_COMMANDS, 0),
                Instant.now(),
                "sip:bob@example.com",
                "sip:bob@example.com",
                from,
                "<sip:bob@example.com>",
                "call",
                List.of("<sip:alice@example.com>"),
                "application/sdp",
                "v=0\r\n".getBytes(UTF_8),
                headers,
                null,
                InboundMessage.Mode.LARGE_MESSAGE);
    }
}
