package net.cpmpf.sipedge.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import javax.sip.message.Request;
import org.junit.jupiter.api.Test;

class UdpTransactionsTest {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    private final UdpTransactions transactions = new UdpTransactions(3, Duration.ofSeconds(32));

    @Test
    void aRequestSeenAgainBeforeItsAnswerIsAbsorbed() {
        var first = transactions.admit("k1", 0);
        var again = transactions.admit("k1", SECOND);

        assertThat(first).isInstanceOf(UdpTransactions.Fresh.class);
        assertThat(again).isInstanceOf(UdpTransactions.Retransmission.class);
        assertThat(((UdpTransactions.Retransmission) again).answer()).isNull();
    }

    @Test
    void aRequestSeenAgainAfterItsAnswerGetsTheSameBytes() {
        var fresh = (UdpTransactions.Fresh) transactions.admit("k1", 0);
        byte[] answer = "SIP/2.0 200 OK\r\n\r\n".getBytes();
        fresh.transaction().answered(answer, SECOND);

        var again = (UdpTransactions.Retransmission) transactions.admit("k1", 2 * SECOND);

        assertThat(again.answer()).isEqualTo(answer);
    }

    @Test
    void answersSentInAnyOrderAreEachKeptForTheirOwnRequest() {
        var transactions = new UdpTransactions(1_000, Duration.ofSeconds(32));
        var handled = new ArrayList<UdpTransactions.Transaction>();
        for (int i = 0; i < 1_000; i++) {
            handled.add(((UdpTransactions.Fresh) transactions.admit("k" + i, 0)).transaction());
        }
        for (int i = 999; i >= 0; i--) {
            handled.get(i).answered(("answer " + i).getBytes(), SECOND);
        }

        for (int i = 0; i < 1_000; i++) {
            var again = (UdpTransactions.Retransmission) transactions.admit("k" + i, 2 * SECOND);
            assertThat(again.answer()).asString().isEqualTo("answer " + i);
        }
        assertThat(transactions.size()).isEqualTo(1_000);
        assertThat(transactions.answerBytes()).as("the arena it started with").isEqualTo(AnswerLog.INITIAL_ARENA);
    }

    @Test
    void theAnswersTakeWhatTheMostHeldAtOnceNeeded() {
        var transactions = new UdpTransactions(100, Duration.ofSeconds(32));
        for (int i = 0; i < 100; i++) {
            var fresh = (UdpTransactions.Fresh) transactions.admit("k" + i, 0);
            fresh.transaction().answered(new byte[16 * 1024], SECOND);
        }

        assertThat(transactions.answerBytes()).isGreaterThanOrEqualTo(100 * 16 * 1024);
        assertThat(transactions.held(40 * SECOND)).isZero();
        assertThat(transactions.answerBytes()).as("kept for the next peak").isGreaterThanOrEqualTo(100 * 16 * 1024);
    }

    @Test
    void anAnswerSentAfterItsTransactionExpiredIsNotKept() {
        var fresh = (UdpTransactions.Fresh) transactions.admit("k1", 0);
        transactions.admit("k2", 33 * SECOND);
        fresh.transaction().answered(new byte[1], 34 * SECOND);

        assertThat(transactions.admit("k1", 35 * SECOND))
                .as("the RI too would take it for a new request once the transaction ended")
                .isInstanceOf(UdpTransactions.Fresh.class);
    }

    @Test
    void anAnsweredTransactionIsKeptForTimerJAfterItsAnswerAndThenForgotten() {
        var fresh = (UdpTransactions.Fresh) transactions.admit("k1", 0);
        fresh.transaction().answered(new byte[1], 10 * SECOND);

        assertThat(transactions.admit("k1", 41 * SECOND)).isInstanceOf(UdpTransactions.Retransmission.class);
        assertThat(transactions.admit("k1", 42 * SECOND)).isInstanceOf(UdpTransactions.Fresh.class);
    }

    @Test
    void anUnansweredTransactionIsForgottenAfterTimerJ() {
        transactions.admit("k1", 0);

        assertThat(transactions.admit("k2", 32 * SECOND)).isInstanceOf(UdpTransactions.Fresh.class);
        assertThat(transactions.size()).as("k1 expired while k2 was admitted").isEqualTo(1);
    }

    @Test
    void aFullTableAdmitsNoNewRequestButStillAnswersRetransmissions() {
        transactions.admit("k1", 0);
        transactions.admit("k2", 0);
        transactions.admit("k3", 0);

        assertThat(transactions.admit("k4", SECOND)).isInstanceOf(UdpTransactions.Full.class);
        assertThat(transactions.admit("k2", SECOND)).isInstanceOf(UdpTransactions.Retransmission.class);
        assertThat(transactions.admit("k4", 32 * SECOND))
                .as("room again once the others expired")
                .isInstanceOf(UdpTransactions.Fresh.class);
    }

    @Test
    void whatIsHeldIsCountedWithoutTheExpiredAndRefusalsAreCounted() {
        transactions.admit("k1", 0);
        transactions.admit("k2", 10 * SECOND);
        transactions.admit("k3", 10 * SECOND);
        transactions.admit("k4", 11 * SECOND);
        transactions.admit("k5", 11 * SECOND);

        assertThat(transactions.refused()).isEqualTo(2);
        assertThat(transactions.held(11 * SECOND)).isEqualTo(3);
        assertThat(transactions.held(32 * SECOND))
                .as("k1's time is up, though no request came")
                .isEqualTo(2);
        assertThat(transactions.held(42 * SECOND)).isZero();
    }

    @Test
    void aTransactionAnsweredLateIsKeptForTimerJAfterItsAnswerWhileTheOthersExpire() {
        var late = (UdpTransactions.Fresh) transactions.admit("late", 0);
        transactions.admit("next", SECOND);
        late.transaction().answered(new byte[1], 20 * SECOND);

        // "next" is past its time, though it came after "late": not taken for live.
        assertThat(transactions.admit("next", 40 * SECOND)).isInstanceOf(UdpTransactions.Fresh.class);
        assertThat(transactions.admit("late", 40 * SECOND)).isInstanceOf(UdpTransactions.Retransmission.class);
        transactions.admit("other", 52 * SECOND);
        assertThat(transactions.size())
                .as("late's answer expired at 52 s, Timer J after it was sent")
                .isEqualTo(2);
    }

    @Test
    void theKeyIsBranchSentByAndMethod() {
        var message = parse(request("MESSAGE", "z9hG4bK-1"));
        var options = parse(request("OPTIONS", "z9hG4bK-1"));

        assertThat(UdpTransactions.key(message)).contains("z9hG4bK-1|192.0.2.1:5070|MESSAGE");
        assertThat(UdpTransactions.key(options)).contains("z9hG4bK-1|192.0.2.1:5070|OPTIONS");
    }

    @Test
    void aRequestWithoutAnRfc3261BranchHasNoKey() {
        Request old = parse(request("MESSAGE", "rfc2543-1"));

        assertThat(UdpTransactions.key(old)).isEmpty();
    }

    @Test
    void refusesANonPositiveCapacityOrRetention() {
        assertThatThrownBy(() -> new UdpTransactions(0, Duration.ofSeconds(32)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UdpTransactions(1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UdpTransactions(AnswerLog.MAX_SLOTS + 1, Duration.ofSeconds(32)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Request parse(String text) {
        try {
            return SipStackFactory.messageFactory(TestSip.SERVER).createRequest(text);
        } catch (ParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String request(String method, String branch) {
        return method + " sip:bob@example.com SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 192.0.2.1:5070;branch=" + branch + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:alice@example.com>;tag=a1\r\n"
                + "To: <sip:bob@example.com>\r\n"
                + "Call-ID: c1@example.com\r\n"
                + "CSeq: 1 " + method + "\r\n"
                + "Content-Length: 0\r\n\r\n";
    }
}
