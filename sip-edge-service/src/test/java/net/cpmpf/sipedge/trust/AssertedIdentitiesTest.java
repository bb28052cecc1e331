package net.cpmpf.sipedge.trust;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.util.List;
import net.cpmpf.events.SipHeader;
import net.cpmpf.sipedge.sip.FakeRequest;
import org.junit.jupiter.api.Test;

class AssertedIdentitiesTest {

    private static final List<SipHeader> HEADERS = List.of(
            new SipHeader("From", "<sip:mallory@example.com>;tag=1"),
            new SipHeader("P-Asserted-Identity", "<sip:alice@example.com>"),
            new SipHeader("Conversation-ID", "c1"));

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AssertedIdentities identities =
            new AssertedIdentities(new CoreAddresses(List.of("192.0.2.10", "192.0.2.20:5060")), meters);

    @Test
    void theCoresAssertionIsBelieved() {
        var fromCore = request("192.0.2.10", 5070);
        var fromCorePort = request("192.0.2.20", 5060);

        assertThat(identities.of(fromCore)).containsExactly("<sip:alice@example.com>");
        assertThat(identities.of(fromCorePort)).containsExactly("<sip:alice@example.com>");
        assertThat(identities.screened(fromCore)).isEqualTo(HEADERS);
        assertThat(meters.counter("cpm.edge.untrusted.identities").count()).isZero();
    }

    @Test
    void anyoneElsesIsRemovedAndCounted() {
        var outsider = request("198.51.100.7", 5060);
        var wrongPort = request("192.0.2.20", 5061);

        assertThat(identities.of(outsider)).isEmpty();
        assertThat(identities.of(wrongPort)).isEmpty();
        assertThat(identities.screened(outsider))
                .extracting(SipHeader::name)
                .containsExactly("From", "Conversation-ID");
        assertThat(meters.counter("cpm.edge.untrusted.identities").count()).isEqualTo(2);
    }

    private static FakeRequest request(String host, int port) {
        return new FakeRequest("MESSAGE", HEADERS, new byte[0], new InetSocketAddress(host, port));
    }
}
