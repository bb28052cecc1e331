package net.cpmpf.sipedge.sip;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResponseFactoryTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "Bad Request (NOTIFY  SIP/2.0\\n:Expecting ':')|Bad Request (NOTIFY  SIP/2.0 :Expecting ':')",
                "OK|OK",
                "Bad\\r\\nVia: injected|Bad Via: injected",
                "  padded \\t |padded"
            })
    void reasonPhraseIsOneLine(String reason, String expected) {
        String unescaped = reason.replace("\\n", "\n").replace("\\r", "\r").replace("\\t", "\t");

        assertThat(ResponseFactory.reasonPhrase(unescaped)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void longReasonIsCut() {
        assertThat(ResponseFactory.reasonPhrase("x".repeat(500))).hasSize(120);
    }
}
