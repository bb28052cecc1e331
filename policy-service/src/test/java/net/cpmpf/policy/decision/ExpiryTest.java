package net.cpmpf.policy.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.cpmpf.events.InboundMessage;
import net.cpmpf.events.ReplyAddress;
import net.cpmpf.events.SipHeader;
import net.cpmpf.events.Topics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpiryTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-23T10:00:00Z");

    @ParameterizedTest(name = "Expires {0}, Date {1} -> expired {2}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                "-    | -                             | false",
                "0    | -                             | false",
                "60   | Mon, 23 Nov 2026 09:58:00 GMT | true",
                "180  | Mon, 23 Nov 2026 09:58:00 GMT | false",
                "60   | Mon, 23 Nov 2026 09:59:00 GMT | false",
                "60   | not a date                    | false",
                "abc  | Mon, 23 Nov 2026 09:00:00 GMT | false",
                "-5   | Mon, 23 Nov 2026 09:00:00 GMT | false"
            })
    void messageExpiresAfterItsDatePlusExpires(String expires, String date, boolean expired) {
        List<SipHeader> headers = new ArrayList<>();
        if (expires != null) {
            headers.add(new SipHeader("Expires", expires));
        }
        if (date != null) {
            headers.add(new SipHeader("Date", date));
        }
        var message = new InboundMessage(
                "c",
                new ReplyAddress(Topics.EDGE_COMMANDS, 0),
                RECEIVED,
                "sip:bob@example.com",
                "sip:bob@example.com",
                "<sip:alice@example.com>;tag=1",
                "<sip:bob@example.com>",
                "call",
                List.of(),
                "text/plain",
                new byte[1],
                headers);

        assertThat(Expiry.expired(message)).isEqualTo(expired);
    }
}
