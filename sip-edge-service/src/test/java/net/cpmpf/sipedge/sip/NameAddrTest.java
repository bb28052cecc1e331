package net.cpmpf.sipedge.sip;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NameAddrTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                "\"Alice\" <sip:alice@example.com;transport=tcp>;tag=a1 | \"Alice\" <sip:alice@example.com;transport=tcp> | a1",
                "<sip:bob@example.com>                                  | <sip:bob@example.com>                           | -",
                "sip:carol@example.com;tag=c3                            | sip:carol@example.com                           | c3",
                "sip:dave@example.com                                    | sip:dave@example.com                            | -",
                "<sip:eve@example.com>; TAG = e5 ;other=1                | <sip:eve@example.com>                           | e5",
            })
    void splitsTheAddressFromItsTag(String value, String address, String tag) {
        assertThat(NameAddr.address(value)).isEqualTo(address);
        assertThat(NameAddr.tag(value).orElse(null)).isEqualTo(tag);
    }
}
