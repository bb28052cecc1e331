package net.cpmpf.sipedge.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeaderValuesTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "Allow      | INVITE, ACK ,BYE                          | INVITE;ACK;BYE",
                "Contact    | \"Doe, John\" <sip:j@a.b>, <sip:x@y,z>     | \"Doe, John\" <sip:j@a.b>;<sip:x@y,z>",
                "Date       | Sat, 13 Nov 2010 23:29:00 GMT               | Sat, 13 Nov 2010 23:29:00 GMT",
                "Subject    | Lunch, today                                | Lunch, today",
                "X-Custom   | a, \"b,\\\"c\", d                           | a;\"b,\\\"c\";d",
                "Supported  | ,path,,                                     | path"
            })
    void splitsListsButNotTextThatHoldsCommas(String name, String value, String expected) {
        assertThat(HeaderValues.split(name, value)).isEqualTo(List.of(expected.split(";")));
    }

    @ParameterizedTest
    @CsvSource({
        "f,From",
        "T,To",
        "i,Call-ID",
        "m,Contact",
        "l,Content-Length",
        "v,Via",
        "k,Supported",
        "x,Session-Expires",
        "a,Accept-Contact",
        "o,Event",
        "u,Allow-Events",
        "r,Refer-To",
        "b,Referred-By",
        "e,Content-Encoding",
        "Subject,Subject",
        "P-Asserted-Identity,P-Asserted-Identity"
    })
    void expandsCompactNames(String name, String longForm) {
        assertThat(HeaderNames.longForm(name)).isEqualTo(longForm);
    }
}
