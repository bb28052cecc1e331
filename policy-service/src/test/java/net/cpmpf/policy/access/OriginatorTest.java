package net.cpmpf.policy.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import net.cpmpf.events.InboundMessage;
import net.cpmpf.events.ReplyAddress;
import net.cpmpf.events.SipHeader;
import net.cpmpf.events.Topics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OriginatorTest {

    @ParameterizedTest(name = "PAI {0}, From {1}, Privacy {2}, fallback {3} -> {4} anonymous={5}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                "\"Alice\" <sip:Alice@EXAMPLE.com> | <sip:mallory@example.com>;tag=1 | -      | false | sip:Alice@example.com | false",
                "<tel:+15551234>                    | <sip:x@example.com>;tag=1       | -      | false | tel:+15551234         | false",
                "-                                  | <sip:alice@example.com>;tag=1   | -      | false | -                     | true",
                "-                                  | <sip:alice@example.com>;tag=1   | -      | true  | sip:alice@example.com | false",
                "-                                  | <sip:anonymous@anonymous.invalid>;tag=1 | - | true | -                 | true",
                "<sip:alice@example.com>            | <sip:anonymous@anonymous.invalid>;tag=1 | id | false | sip:alice@example.com | true",
                "<mailto:alice@example.com>         | <sip:alice@example.com>;tag=1   | -      | false | -                     | true"
            })
    void authenticatedOriginatorComesFromTheAssertedIdentity(
            String pai, String from, String privacy, boolean fallback, String address, boolean anonymous) {
        var message = new InboundMessage(
                "c",
                new ReplyAddress(Topics.EDGE_COMMANDS, 0),
                Instant.now(),
                "sip:bob@example.com",
                "sip:bob@example.com",
                from,
                "<sip:bob@example.com>",
                "call",
                pai == null ? List.of() : List.of(pai),
                "text/plain",
                new byte[0],
                privacy == null ? List.of() : List.of(new SipHeader("Privacy", privacy)));

        var originator = Originator.of(message, fallback);

        assertThat(originator.address()).isEqualTo(address);
        assertThat(originator.anonymous()).isEqualTo(anonymous);
    }
}
