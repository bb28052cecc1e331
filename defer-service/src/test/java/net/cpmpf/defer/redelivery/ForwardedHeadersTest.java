package net.cpmpf.defer.redelivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.cpmpf.events.SipHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ForwardedHeadersTest {

    @Test
    void endToEndHeadersSurviveTheRequestsOwnDoNot() {
        var original = List.of(
                new SipHeader("From", "<sip:alice@example.com>;tag=1"),
                new SipHeader("To", "<sip:bob@example.com>"),
                new SipHeader("Call-ID", "c1"),
                new SipHeader("CSeq", "1 MESSAGE"),
                new SipHeader("Contact", "<sip:alice@192.0.2.1>"),
                new SipHeader("content-type", "text/plain"),
                new SipHeader("Content-Length", "5"),
                new SipHeader("Max-Forwards", "69"),
                new SipHeader("l", "5"),
                new SipHeader("P-Asserted-Identity", "<sip:alice@example.com>"),
                new SipHeader("Conversation-ID", "conv-1"),
                new SipHeader("imdn.Message-ID", "m-1"),
                new SipHeader("DateTime", "2026-01-01T00:00:00Z"),
                new SipHeader("Disposition-Notification", "positive-delivery"));

        assertThat(ForwardedHeaders.of(original))
                .containsExactly(
                        new SipHeader("P-Asserted-Identity", "<sip:alice@example.com>"),
                        new SipHeader("Conversation-ID", "conv-1"),
                        new SipHeader("imdn.Message-ID", "m-1"),
                        new SipHeader("DateTime", "2026-01-01T00:00:00Z"),
                        new SipHeader("Disposition-Notification", "positive-delivery"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "<sip:alice@example.com>;tag=abc                  | <sip:alice@example.com>",
                "\"Alice\" <sip:alice@example.com;transport=tcp>;tag=abc;x=1 | \"Alice\" <sip:alice@example.com;transport=tcp>;x=1",
                "<sip:alice@example.com>;TAG=abc                  | <sip:alice@example.com>",
                "sip:alice@example.com;tag=abc                    | sip:alice@example.com",
                "sip:alice@example.com;x=1;tag=abc                | sip:alice@example.com;x=1",
                "<sip:alice@example.com>                          | <sip:alice@example.com>",
                "sip:alice@example.com                            | sip:alice@example.com",
                "<sip:alice@example.com;tag=inside-uri>;tag=out   | <sip:alice@example.com;tag=inside-uri>",
            })
    void theTagGoesAndEverythingElseStays(String address, String expected) {
        assertThat(ForwardedHeaders.withoutTag(address)).isEqualTo(expected);
    }
}
