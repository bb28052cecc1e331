package net.cpmpf.sipedge.largemessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import net.cpmpf.events.SipHeader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SessionTimerTest {

    private static final Duration MIN = Duration.ofSeconds(90);
    private static final Duration MAX = Duration.ofSeconds(1800);

    @ParameterizedTest(name = "Session-Expires {0}, Min-SE {1} -> {2}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                "-                  | -   | none",
                "1800               | -   | 1800;refresher=uas",
                "600;refresher=uac  | -   | 600;refresher=uac",
                "600;Refresher=UAS  | -   | 600;refresher=uas",
                "7200;refresher=uac | -   | 1800;refresher=uac",
                "90                 | -   | 90;refresher=uas",
                "89                 | -   | 422 Min-SE 90",
                "30                 | 20  | 422 Min-SE 90",
                "100                | 120 | 422 Min-SE 120",
                "7200               | 3600 | 3600;refresher=uas",
                "120;refresher=x    | -   | 120;refresher=uas"
            })
    void negotiatesAsTheUas(String sessionExpires, String minSe, String expected) {
        var negotiation =
                SessionTimer.negotiate(Optional.ofNullable(sessionExpires), Optional.ofNullable(minSe), MIN, MAX);

        if (expected.equals("none")) {
            assertThat(negotiation.refused()).isFalse();
            assertThat(negotiation.timer()).isEmpty();
        } else if (expected.startsWith("422")) {
            assertThat(negotiation.tooSmallMinSe()).contains(Long.parseLong(expected.substring(11)));
        } else {
            var headers = negotiation.timer().orElseThrow().responseHeaders();
            assertThat(headers.get(0)).isEqualTo(new SipHeader("Session-Expires", expected));
            boolean uac = expected.endsWith("uac");
            assertThat(headers.contains(new SipHeader("Require", "timer"))).isEqualTo(uac);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "0", "-5", ";refresher=uac"})
    void aValueThatIsNotDeltaSecondsIsABadRequest(String value) {
        assertThatThrownBy(() -> SessionTimer.negotiate(Optional.of(value), Optional.empty(), MIN, MAX))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
