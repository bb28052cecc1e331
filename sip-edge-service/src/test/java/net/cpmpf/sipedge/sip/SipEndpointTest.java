package net.cpmpf.sipedge.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import net.cpmpf.events.SipHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The SIP layer on real sockets, driven with wire text over UDP and TCP. */
class SipEndpointTest {

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

    private static final String MESSAGE = """
            MESSAGE sip:bob@example.com SIP/2.0\r
            Via: ${via}\r
            Max-Forwards: 70\r
            From: "Alice" <sip:alice@example.com>;tag=m1\r
            To: <sip:bob@example.com>\r
            Call-ID: ${callId}\r
            CSeq: 7 MESSAGE\r
            Content-Type: text/plain\r
            Content-Length: 5\r
            \r
            hello""";

    private final List<InboundRequest> messages = new CopyOnWriteArrayList<>();
    private final List<Boolean> secondReplies = new CopyOnWriteArrayList<>();
    private SipEndpoint endpoint;
    private int port;

    @BeforeEach
    void start() throws IOException {
        port = SipWire.freePort();
        endpoint = new SipEndpoint(
                TestSip.config(SipWire.HOST, port, 4096), List.of(new Recorder(), new Twice(), new Failing()));
        endpoint.start();
    }

    @AfterEach
    void stop() {
        endpoint.stop();
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp"})
    void answersOptionsWithWhatItTakes(String transport) throws IOException {
        try (SipWire wire = SipWire.open(transport, port)) {
            SipMessage ok = wire.exchange(wire.fill(OPTIONS)).orElseThrow();

            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.list("Allow"))
                    .containsExactlyInAnyOrder("ACK", "CANCEL", "INFO", "MESSAGE", "OPTIONS", "UPDATE");
            assertThat(ok.list("Accept")).containsExactly("text/plain", "message/cpim");
            assertThat(ok.header("Accept-Encoding")).contains("identity");
            assertThat(ok.header("Server")).contains(TestSip.SERVER);
            assertThat(ok.header("To").orElseThrow()).contains(";tag=");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp"})
    void givesAMessageToItsHandlerAndSendsItsReply(String transport) throws IOException {
        try (SipWire wire = SipWire.open(transport, port)) {
            SipMessage ok = wire.exchange(wire.fill(MESSAGE)).orElseThrow();

            assertThat(ok.status()).isEqualTo(202);
            assertThat(ok.header("Expires")).contains("3600");
            assertThat(ok.header("Server")).contains(TestSip.SERVER);
            InboundRequest request = messages.get(0);
            assertThat(request.method()).isEqualTo("MESSAGE");
            assertThat(request.requestUri()).isEqualTo("sip:bob@example.com");
            assertThat(request.transport()).isEqualTo(transport);
            assertThat(request.source().getPort()).isEqualTo(wire.localPort());
            assertThat(request.contentType()).isEqualTo("text/plain");
            assertThat(new String(request.body(), StandardCharsets.UTF_8)).isEqualTo("hello");
            assertThat(request.endToEndHeaders())
                    .extracting(SipHeader::name)
                    .contains("From", "To", "Call-ID", "CSeq", "Content-Type")
                    .doesNotContain("Via", "Max-Forwards", "Content-Length");
        }
    }

    @Test
    void readsCompactHeaderNames() throws IOException {
        try (SipWire wire = SipWire.open("udp", port)) {
            String compact = wire.fill("""
                    MESSAGE sip:bob@example.com SIP/2.0\r
                    v: ${via}\r
                    Max-Forwards: 70\r
                    f: <sip:alice@example.com>;tag=c1\r
                    t: <sip:bob@example.com>\r
                    i: ${callId}\r
                    CSeq: 3 MESSAGE\r
                    k: path, gruu\r
                    s: Lunch, today\r
                    c: text/plain\r
                    l: 2\r
                    \r
                    hi""");

            assertThat(wire.exchange(compact).orElseThrow().status()).isEqualTo(202);
            InboundRequest request = messages.get(0);
            assertThat(request.header("f"))
                    .isEqualTo(request.header("From"))
                    .hasValueSatisfying(from -> assertThat(from).contains("sip:alice@example.com", "tag=c1"));
            assertThat(request.header("T"))
                    .hasValueSatisfying(to -> assertThat(to).contains("sip:bob@example.com"));
            assertThat(request.header("i")).isEqualTo(request.header("Call-ID"));
            assertThat(request.headers("k")).containsExactly("path", "gruu");
            assertThat(request.headers("Subject")).containsExactly("Lunch, today");
            assertThat(request.contentType()).isEqualTo("text/plain");
            assertThat(request.body()).asString(StandardCharsets.UTF_8).isEqualTo("hi");
        }
    }

    @Test
    void absorbsARetransmittedDatagram() throws IOException {
        try (SipWire wire = SipWire.open("udp", port)) {
            String message = wire.fill(MESSAGE);
            SipMessage first = wire.exchange(message).orElseThrow();
            SipMessage again = wire.exchange(message).orElseThrow();

            assertThat(again.status()).isEqualTo(first.status());
            assertThat(again.header("To")).isEqualTo(first.header("To"));
            assertThat(messages).hasSize(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp"})
    void refusesAnUnknownMethodWithAllow(String transport) throws IOException {
        try (SipWire wire = SipWire.open(transport, port)) {
            String subscribe = wire.fill(OPTIONS).replace("OPTIONS", "SUBSCRIBE");

            SipMessage refused = wire.exchange(subscribe).orElseThrow();

            assertThat(refused.status()).isEqualTo(405);
            assertThat(refused.list("Allow")).contains("MESSAGE", "OPTIONS").doesNotContain("SUBSCRIBE");
            assertThat(refused.header("Server")).contains(TestSip.SERVER);
        }
    }

    @Test
    void answers500WhenAHandlerThrowsAndKeepsWorking() throws IOException {
        try (SipWire wire = SipWire.open("udp", port)) {
            String update = wire.fill(OPTIONS).replace("OPTIONS", "UPDATE");

            assertThat(wire.exchange(update).orElseThrow().status()).isEqualTo(500);
            assertThat(wire.exchange(wire.fill(OPTIONS)).orElseThrow().status()).isEqualTo(200);
        }
    }

    @Test
    void sendsOnlyTheFirstReply() throws IOException {
        try (SipWire wire = SipWire.open("udp", port)) {
            String info = wire.fill(OPTIONS).replace("OPTIONS", "INFO");

            assertThat(wire.exchange(info).orElseThrow().status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(2)).until(() -> !secondReplies.isEmpty());
            assertThat(secondReplies).containsExactly(false);
        }
    }

    @Test
    void canStartAgainOnTheSamePortAfterStop() throws IOException {
        endpoint.stop();
        assertThat(endpoint.listening()).isEmpty();
        endpoint.start();

        try (SipWire wire = SipWire.open("tcp", port)) {
            assertThat(wire.exchange(wire.fill(OPTIONS)).orElseThrow().status()).isEqualTo(200);
        }
        assertThat(endpoint.listening())
                .containsExactlyInAnyOrder("udp " + SipWire.HOST + ":" + port, "tcp " + SipWire.HOST + ":" + port);
    }

    /** MESSAGE: keeps the request, answers 202 with an extra header and one that does not parse. */
    private final class Recorder implements SipRequestHandler {
        @Override
        public Set<String> methods() {
            return Set.of("MESSAGE");
        }

        @Override
        public void handle(InboundRequest request) {
            messages.add(request);
            request.reply(SipReply.of(
                    202, "Accepted", new SipHeader("Expires", "3600"), new SipHeader("CSeq", "not a cseq")));
        }
    }

    /** INFO: answers twice and records what the second attempt returned. */
    private final class Twice implements SipRequestHandler {
        @Override
        public Set<String> methods() {
            return Set.of("INFO");
        }

        @Override
        public void handle(InboundRequest request) {
            request.reply(SipReply.of(200, "OK"));
            secondReplies.add(request.reply(SipReply.of(486, "Busy Here")));
        }
    }

    private static final class Failing implements SipRequestHandler {
        @Override
        public Set<String> methods() {
            return Set.of("UPDATE");
        }

        @Override
        public void handle(InboundRequest request) {
            throw new IllegalStateException("feature bug");
        }
    }
}
