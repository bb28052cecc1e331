package net.cpmpf.sipedge.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import net.cpmpf.events.SipHeader;
import org.junit.jupiter.api.Test;

class SourceRateLimiterTest {

    private static final long SECOND = 1_000_000_000L;
    private static final InetSocketAddress FLOODER = new InetSocketAddress("198.51.100.1", 5060);
    private static final InetSocketAddress OTHER = new InetSocketAddress("198.51.100.2", 5060);
    private static final InetSocketAddress CORE = new InetSocketAddress("192.0.2.10", 5060);

    private final SourceRateLimiter limiter = new SourceRateLimiter(10, 5, 100, CORE::equals);

    @Test
    void aSourceGetsItsBurstThenItsRate() {
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.allow(FLOODER, 0)).isTrue();
        }
        assertThat(limiter.allow(FLOODER, 0)).isFalse();
        assertThat(limiter.allow(FLOODER, SECOND / 10)).isTrue();
        assertThat(limiter.allow(FLOODER, SECOND / 10)).isFalse();
        assertThat(limiter.allow(FLOODER, 10 * SECOND)).isTrue();
    }

    @Test
    void oneFlooderDoesNotStarveOthersAndTheCoreIsNeverLimited() {
        for (int i = 0; i < 100; i++) {
            limiter.allow(FLOODER, 0);
        }

        assertThat(limiter.allow(FLOODER, 0)).isFalse();
        assertThat(limiter.allow(OTHER, 0)).isTrue();
        for (int i = 0; i < 1000; i++) {
            assertThat(limiter.allow(CORE, 0)).isTrue();
        }
    }

    @Test
    void trackedSourcesAreBounded() {
        var small = new SourceRateLimiter(10, 1, 10, source -> false);
        for (int i = 0; i < 100; i++) {
            small.allow(new InetSocketAddress("10.0.0." + i, 5060), i * SECOND);
        }

        assertThat(small.trackedSources()).isLessThanOrEqualTo(11);
    }

    @Test
    void offLetsEverythingThrough() {
        var off = new SourceRateLimiter(0, 1, 1, source -> false);

        for (int i = 0; i < 1000; i++) {
            assertThat(off.allow(FLOODER, 0)).isTrue();
        }
    }

    @Test
    void theEndpointAnswersRequestsBeyondTheLimit503WithRetryAfter() throws IOException {
        int port = SipWire.freePort();
        var endpoint = new SipEndpoint(
                TestSip.config(SipWire.HOST, port, 4096),
                List.of(),
                new StackSipClient(TestSip.config(SipWire.HOST, port, 4096)),
                new SourceRateLimiter(0.001, 2, 100, source -> false),
                SipReply.of(503, "Service Unavailable", new SipHeader("Retry-After", "2")));
        endpoint.start();
        try (SipWire wire = SipWire.open("udp", port)) {
            List<Integer> statuses = new ArrayList<>();
            SipMessage refused = null;
            for (int i = 0; i < 3; i++) {
                SipMessage answer = wire.exchange(wire.fill(OPTIONS)).orElseThrow();
                statuses.add(answer.status());
                refused = answer;
            }

            assertThat(statuses).containsExactly(200, 200, 503);
            assertThat(refused.header("Retry-After")).contains("2");
        } finally {
            endpoint.stop();
        }
    }

    private static final String OPTIONS = """
            OPTIONS sip:pf@127.0.0.1:${port} SIP/2.0\r
            Via: ${via}\r
            Max-Forwards: 70\r
            From: <sip:alice@example.com>;tag=a1\r
            To: <sip:pf@127.0.0.1>\r
            Call-ID: ${callId}\r
            CSeq: 1 OPTIONS\r
            Content-Length: 0\r
            \r
            """;
}
