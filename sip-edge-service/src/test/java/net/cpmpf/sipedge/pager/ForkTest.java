package net.cpmpf.sipedge.pager;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeoutException;
import net.cpmpf.events.ForkTarget;
import net.cpmpf.events.SipHeader;
import net.cpmpf.sipedge.sip.SipResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ForkTest {

    private static final ForkTarget A = new ForkTarget("sip:bob@example.com;gr=a", "a");
    private static final ForkTarget B = new ForkTarget("sip:bob@example.com;gr=b", "b");

    @Test
    void onlyTheFirst2xxIsRelayed() {
        var fork = new Fork(3);

        assertThat(fork.onResponse(A, response(486))).isFalse();
        assertThat(fork.onResponse(B, response(200))).isTrue();
        assertThat(fork.complete()).isFalse();
        assertThat(fork.onResponse(A, response(202))).isFalse();

        assertThat(fork.complete()).isTrue();
        assertThat(fork.winner()).contains(B);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "486 603 500, 603",
        "500 486 404, 486",
        "503 302, 500",
        "302 500, 500",
        "480, 480",
    })
    void bestFailureFollowsRfc3261Section16_7(String statuses, int relayed) {
        String[] each = statuses.split(" ");
        var fork = new Fork(each.length);
        for (String status : each) {
            fork.onResponse(A, response(Integer.parseInt(status)));
        }

        assertThat(fork.winner()).isEmpty();
        assertThat(fork.bestFailure().status()).isEqualTo(relayed);
    }

    @Test
    void withoutResponsesATimeoutGives408AndOtherErrors503() {
        var timedOut = new Fork(2);
        timedOut.onError(new TimeoutException());
        timedOut.onError(new IllegalStateException("transport"));
        var unreachable = new Fork(1);
        unreachable.onError(new IllegalStateException("transport"));

        assertThat(timedOut.complete()).isTrue();
        assertThat(timedOut.bestFailure().status()).isEqualTo(408);
        assertThat(unreachable.bestFailure().status()).isEqualTo(503);
    }

    @Test
    void aRelayedFailureKeepsWhatMattersToTheOriginatorOnly() {
        var fork = new Fork(1);
        fork.onResponse(
                A,
                new SipResponse(
                        486,
                        "Busy Here",
                        List.of(
                                new SipHeader("Retry-After", "60"),
                                new SipHeader("Contact", "<sip:device@192.0.2.1>"),
                                new SipHeader("Warning", "399 dev \"busy\"")),
                        null));

        assertThat(fork.bestFailure().headers())
                .containsExactly(new SipHeader("Retry-After", "60"), new SipHeader("Warning", "399 dev \"busy\""));
        assertThat(fork.bestFailure().reason()).isEqualTo("Busy Here");
    }

    private static SipResponse response(int status) {
        return new SipResponse(status, "Reason " + status, List.of(), null);
    }
}
