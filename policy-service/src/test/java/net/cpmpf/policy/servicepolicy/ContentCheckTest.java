package net.cpmpf.policy.servicepolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.cpmpf.events.InboundMessage;
import net.cpmpf.events.ReplyAddress;
import net.cpmpf.events.SipHeader;
import net.cpmpf.events.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContentCheckTest {

    private static final ServicePolicy POLICY =
            new ServicePolicy(10, List.of("text/plain", "Message/CPIM"), null, null, null);

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                "text/plain                | 10 | -",
                "text/plain; charset=UTF-8 | 5  | -",
                "message/cpim              | 1  | -",
                "-                         | 0  | -",
                "application/octet-stream  | 1  | 415",
                "text/html                 | 1  | 415",
                "text/plain                | 11 | 415"
            })
    void sizeAndTypeAreChecked(String contentType, int size, Integer status) {
        var refusal = ContentCheck.refusal(POLICY, message(contentType, size), "pf.example.com");

        if (status == null) {
            assertThat(refusal).isEmpty();
        } else {
            assertThat(refusal).hasValueSatisfying(r -> {
                assertThat(r.status()).isEqualTo(status);
                assertThat(r.headers()).contains(new SipHeader("Accept", "text/plain, message/cpim"));
            });
        }
    }

    @Test
    void tooLargeSaysWhyInAWarning() {
        var refusal = ContentCheck.refusal(POLICY, message("text/plain", 11), "pf.example.com");

        assertThat(refusal.orElseThrow().headers())
                .contains(new SipHeader("Warning", "399 pf.example.com \"Message larger than 10 bytes\""));
    }

    @Test
    void defaultsFollowRfc3428AndOutOfBoundValuesAreRefused() {
        assertThat(ServicePolicy.DEFAULTS.pagerSizeLimit()).isEqualTo(1300);
        assertThat(ServicePolicy.DEFAULTS.deferralExpiry()).isEqualTo(Duration.ofDays(7));
        assertThat(ServicePolicy.DEFAULTS.anonymityAllowed()).isTrue();
        assertThatIllegalArgumentException().isThrownBy(() -> new ServicePolicy(0, null, null, null, null));
        assertThatIllegalArgumentException().isThrownBy(() -> new ServicePolicy(2 << 20, null, null, null, null));
        assertThatIllegalArgumentException().isThrownBy(() -> new ServicePolicy(null, List.of(), null, null, null));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ServicePolicy(null, List.of("text"), null, null, null));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ServicePolicy(null, null, null, null, Duration.ofSeconds(-1)));
    }

    private static InboundMessage message(String contentType, int size) {
        return new InboundMessage(
                "c",
                new ReplyAddress(Topics.EDGE_COMMANDS, 0),
                Instant.now(),
                "sip:bob@example.com",
                "sip:bob@example.com",
                "<sip:alice@example.com>;tag=1",
                "<sip:bob@example.com>",
                "call",
                List.of(),
                contentType,
                new byte[size],
                List.of());
    }
}
