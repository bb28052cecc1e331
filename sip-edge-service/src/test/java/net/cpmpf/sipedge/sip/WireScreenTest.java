package net.cpmpf.sipedge.sip;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WireScreenTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "'Content-Length: -5\r\n :For input string: \"\"' | 'Content-Length: -5 :For input string: \"\"'",
                "'[C@70504fbe getNextChar: End of buffer' | getNextChar: End of buffer",
                "'' | Malformed request",
                "'\r\n\t' | Malformed request"
            })
    void makesAOneLineReasonPhrase(String parserMessage, String reason) {
        assertThat(WireScreen.reason(parserMessage)).isEqualTo(reason);
    }

    @ParameterizedTest
    @CsvSource({"10", "200"})
    void cutsALongReason(int length) {
        assertThat(WireScreen.reason("x".repeat(length))).hasSizeLessThanOrEqualTo(80);
    }
}
