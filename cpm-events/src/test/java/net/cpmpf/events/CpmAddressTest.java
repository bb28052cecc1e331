package net.cpmpf.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CpmAddressTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "sip:bob@example.com                         | sip:bob@example.com",
                "SIP:Bob@EXAMPLE.com                         | sip:Bob@example.com",
                "<sip:bob@example.com>                       | sip:bob@example.com",
                "sip:bob@example.com;user=phone              | sip:bob@example.com",
                "sip:bob@example.com?Subject=hi              | sip:bob@example.com",
                "sip:bob@example.com:5060;transport=tcp      | sip:bob@example.com:5060",
                "sips:bob@example.com                        | sips:bob@example.com",
                "tel:+1-201-555-0123;phone-context=example.com | tel:+1-201-555-0123",
                "sip:example.com                             | sip:example.com"
            })
    void normalizes(String input, String expected) {
        assertThat(CpmAddress.normalize(input)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "bob@example.com",
                "mailto:bob@example.com",
                "sip:",
                ":bob",
                "sip:;x",
                "sip:b\u0000ob@example.com",
                "sip:bob @example.com",
                "tel:+1\t555",
                "sip:bob@example.com\u007f"
            })
    void refusesWhatIsNotAnAddress(String input) {
        assertThatIllegalArgumentException().isThrownBy(() -> CpmAddress.normalize(input));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "\"Alice, A.\" <sip:alice@example.com;transport=tcp>;tag=1 | sip:alice@example.com;transport=tcp",
                "<sip:bob@example.com>                                     | sip:bob@example.com",
                "sip:carol@example.com;tag=9                               | sip:carol@example.com",
                "tel:+15551234                                             | tel:+15551234"
            })
    void takesTheUriOutOfAHeaderValue(String header, String uri) {
        assertThat(CpmAddress.uriOf(header)).isEqualTo(uri);
    }

    @org.junit.jupiter.api.Test
    void refusesHugeInput() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CpmAddress.normalize("sip:" + "a".repeat(CpmAddress.MAX_LENGTH) + "@x"));
    }
}
