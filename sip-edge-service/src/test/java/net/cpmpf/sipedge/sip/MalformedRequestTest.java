package net.cpmpf.sipedge.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Requests that must be refused before any feature sees them, and input that must not stop the stack. */
class MalformedRequestTest {

    private static final String HEAD = """
            Via: ${via}\r
            From: <sip:alice@example.com>;tag=x1\r
            To: <sip:bob@example.com>\r
            Call-ID: ${callId}\r
            """;

    private final List<InboundRequest> seen = new CopyOnWriteArrayList<>();
    private SipEndpoint endpoint;
    private int port;

    @BeforeEach
    void start() throws IOException {
        port = SipWire.freePort();
        SipRequestHandler message = new SipRequestHandler() {
            @Override
            public Set<String> methods() {
                return Set.of("MESSAGE");
            }

            @Override
            public void handle(InboundRequest request) {
                seen.add(request);
                request.reply(SipReply.of(200, "OK"));
            }
        };
        endpoint = new SipEndpoint(TestSip.config(SipWire.HOST, port, 4096), List.of(message));
        endpoint.start();
    }

    @AfterEach
    void stop() {
        endpoint.stop();
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(
                        "CSeq method differs from the request's",
                        "MESSAGE sip:bob@example.com SIP/2.0\r\n" + HEAD
                                + "Max-Forwards: 70\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n",
                        400),
                Arguments.of(
                        "no Max-Forwards",
                        "MESSAGE sip:bob@example.com SIP/2.0\r\n" + HEAD
                                + "CSeq: 1 MESSAGE\r\nContent-Length: 0\r\n\r\n",
                        400),
                Arguments.of(
                        "SIP/3.0",
                        "MESSAGE sip:bob@example.com SIP/3.0\r\n" + HEAD
                                + "Max-Forwards: 70\r\nCSeq: 1 MESSAGE\r\nContent-Length: 0\r\n\r\n",
                        505),
                Arguments.of(
                        "Request-URI scheme not sip, sips or tel",
                        "MESSAGE im:bob@example.com SIP/2.0\r\n" + HEAD
                                + "Max-Forwards: 70\r\nCSeq: 1 MESSAGE\r\nContent-Length: 0\r\n\r\n",
                        416),
                Arguments.of(
                        "Require of an extension we lack",
                        "MESSAGE sip:bob@example.com SIP/2.0\r\n"
                                + HEAD + "Max-Forwards: 70\r\nRequire: 100rel, nosuch\r\nCSeq: 1 MESSAGE\r\n"
                                + "Content-Length: 0\r\n\r\n",
                        420),
                Arguments.of(
                        "CANCEL of nothing",
                        "CANCEL sip:bob@example.com SIP/2.0\r\n" + HEAD
                                + "Max-Forwards: 70\r\nCSeq: 1 CANCEL\r\nContent-Length: 0\r\n\r\n",
                        481));
    }

    @ParameterizedTest(name = "{0} over UDP gets {2}")
    @MethodSource("refusals")
    void refusedOverUdp(String why, String request, int status) throws IOException {
        assertRefused("udp", request, status);
    }

    @ParameterizedTest(name = "{0} over TCP gets {2}")
    @MethodSource("refusals")
    void refusedOverTcp(String why, String request, int status) throws IOException {
        assertRefused("tcp", request, status);
    }

    private void assertRefused(String transport, String request, int status) throws IOException {
        try (SipWire wire = SipWire.open(transport, port)) {
            SipMessage response = wire.exchange(wire.fill(request)).orElseThrow();

            assertThat(response.status()).isEqualTo(status);
            assertThat(response.header("Server")).contains(TestSip.SERVER);
            if (status == 420) {
                assertThat(response.list("Unsupported")).containsExactly("100rel", "nosuch");
            }
        }
        assertThat(seen).isEmpty();
    }

    @Test
    void answers400ToABrokenCSeqOverUdp() throws IOException {
        try (SipWire wire = SipWire.open("udp", port)) {
            String request = wire.fill("MESSAGE sip:bob@example.com SIP/2.0\r\n" + HEAD
                    + "Max-Forwards: 70\r\nCSeq: one MESSAGE\r\nContent-Length: 0\r\n\r\n");

            assertThat(wire.exchange(request).orElseThrow().status()).isEqualTo(400);
        }
    }

    @Test
    void dropsGarbageAndKeepsAnswering() throws IOException {
        try (SipWire wire = SipWire.open("udp", port)) {
            wire.send(new byte[] {0, 1, 2, 3, (byte) 0xff, '\r', '\n', 'x'});
            wire.send("NOT SIP AT ALL\r\n\r\n");

            assertThat(wire.finalResponse()).isEmpty();
            assertThat(wire.exchange(wire.fill(options())).orElseThrow().status())
                    .isEqualTo(200);
        }
    }

    @Test
    void refusesAnOversizedTcpMessageAndKeepsAnswering() throws IOException {
        try (SipWire wire = SipWire.open("tcp", port)) {
            String body = "x".repeat(8192);
            String request = wire.fill("MESSAGE sip:bob@example.com SIP/2.0\r\n" + HEAD
                    + "Max-Forwards: 70\r\nCSeq: 1 MESSAGE\r\nContent-Type: text/plain\r\nContent-Length: "
                    + body.length() + "\r\n\r\n" + body);
            wire.send(request.getBytes(StandardCharsets.UTF_8));

            assertThat(wire.finalResponse().map(SipMessage::status).orElse(413)).isEqualTo(413);
            assertThat(wire.closedByServer()).isTrue();
        }
        assertThat(seen).isEmpty();
        try (SipWire wire = SipWire.open("tcp", port)) {
            assertThat(wire.exchange(wire.fill(options())).orElseThrow().status())
                    .isEqualTo(200);
        }
    }

    private static String options() {
        return "OPTIONS sip:bob@example.com SIP/2.0\r\n" + HEAD
                + "Max-Forwards: 70\r\nCSeq: 2 OPTIONS\r\nContent-Length: 0\r\n\r\n";
    }
}
