package net.cpmpf.sipedge.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import javax.sip.header.ViaHeader;
import org.junit.jupiter.api.Test;

/** Where an answer over UDP goes (RFC 3261 18.2.2, RFC 3581). */
class UdpAnswersTest {

    @Test
    void theReceivedAddressAndRportWin() throws Exception {
        ViaHeader via = via("192.0.2.1", 5070);
        via.setReceived("198.51.100.7");
        via.setRPort();
        ((gov.nist.javax.sip.header.Via) via).setParameter("rport", "40000");

        assertThat(UdpAnswers.destination(via)).isEqualTo(new InetSocketAddress("198.51.100.7", 40000));
    }

    @Test
    void withoutThemTheSentByIsUsed() throws Exception {
        assertThat(UdpAnswers.destination(via("192.0.2.1", 5070))).isEqualTo(new InetSocketAddress("192.0.2.1", 5070));
    }

    @Test
    void aSentByWithoutPortMeans5060() throws Exception {
        assertThat(UdpAnswers.destination(via("192.0.2.1", -1))).isEqualTo(new InetSocketAddress("192.0.2.1", 5060));
    }

    private static ViaHeader via(String host, int port) throws Exception {
        return SipStackFactory.headerFactory().createViaHeader(host, port, "UDP", "z9hG4bK-1");
    }
}
