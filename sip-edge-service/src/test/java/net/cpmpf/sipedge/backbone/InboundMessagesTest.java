package net.cpmpf.sipedge.backbone;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import net.cpmpf.events.SipHeader;
import net.cpmpf.sipedge.sip.FakeRequest;
import org.junit.jupiter.api.Test;

/** The correlation id names the originator's transaction: equal for its copies, different for anything else. */
class InboundMessagesTest {

    private static final String BOB = "sip:bob@example.com";
    private static final String VIA = "SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-abc";

    @Test
    void aRetransmissionGetsTheSameIdWhateverTheReceiverAddedToItsVia() {
        String first = InboundMessages.correlationId(request(VIA, "1 MESSAGE", "call-1", "a1"), BOB);

        assertThat(first).matches("[0-9a-f-]{36}");
        assertThat(InboundMessages.correlationId(request(VIA, "1 MESSAGE", "call-1", "a1"), BOB))
                .isEqualTo(first);
        assertThat(InboundMessages.correlationId(
                        request(VIA + ";received=192.0.2.7;rport=40000", "1 MESSAGE", "call-1", "a1"), BOB))
                .isEqualTo(first);
        assertThat(InboundMessages.correlationId(
                        request(
                                VIA.replace("z9hG4bK-abc", "z9hG4bK-ABC").replace("UDP", "udp"),
                                "1 MESSAGE",
                                "call-1",
                                "a1"),
                        BOB))
                .isEqualTo(first);
    }

    @Test
    void anythingThatMakesAnotherTransactionMakesAnotherId() {
        String first = InboundMessages.correlationId(request(VIA, "1 MESSAGE", "call-1", "a1"), BOB);

        assertThat(List.of(
                        InboundMessages.correlationId(request(VIA + "x", "1 MESSAGE", "call-1", "a1"), BOB),
                        InboundMessages.correlationId(
                                request(VIA.replace("10.0.0.1", "10.0.0.2"), "1 MESSAGE", "call-1", "a1"), BOB),
                        InboundMessages.correlationId(request(VIA, "2 MESSAGE", "call-1", "a1"), BOB),
                        InboundMessages.correlationId(request(VIA, "1 MESSAGE", "call-2", "a1"), BOB),
                        InboundMessages.correlationId(request(VIA, "1 MESSAGE", "call-1", "a2"), BOB),
                        InboundMessages.correlationId(request(VIA, "1 MESSAGE", "call-1", null), BOB),
                        InboundMessages.correlationId(
                                request(VIA, "1 MESSAGE", "call-1", "a1"), "sip:carol@example.com")))
                .doesNotContain(first)
                .doesNotHaveDuplicates();
    }

    private static FakeRequest request(String via, String cseq, String callId, String fromTag) {
        var headers = new ArrayList<SipHeader>();
        headers.add(new SipHeader("Via", via));
        headers.add(new SipHeader("From", "<sip:alice@example.com>" + (fromTag == null ? "" : ";tag=" + fromTag)));
        headers.add(new SipHeader("To", "<" + BOB + ">"));
        headers.add(new SipHeader("Call-ID", callId));
        headers.add(new SipHeader("CSeq", cseq));
        return new FakeRequest("MESSAGE", headers, new byte[0], new InetSocketAddress("10.0.0.1", 5060));
    }
}
