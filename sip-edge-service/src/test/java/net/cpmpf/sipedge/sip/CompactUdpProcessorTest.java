package net.cpmpf.sipedge.sip;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The UDP transport's one receive buffer: datagrams that arrive faster than the workers parse them each keep their
 * own bytes, and answers leave from the listening socket.
 */
@Timeout(60)
class CompactUdpProcessorTest {

    private static final int WINDOW = 10;
    private static final int ROUNDS = 30;

    private SipEndpoint endpoint;
    private int port;
    private DatagramSocket client;

    @BeforeEach
    void start() throws IOException {
        port = SipWire.freePort();
        endpoint = new SipEndpoint(TestSip.config(SipWire.HOST, port), List.of(new SipRequestHandler() {
            @Override
            public Set<String> methods() {
                return Set.of("MESSAGE");
            }

            @Override
            public void handle(InboundRequest request) {
                // Busy workers: the datagrams behind them wait in the transport's queue while it reads more.
                sleep(Duration.ofMillis(20));
                // The body's length in the reason: a datagram parsed from bytes another one overwrote would not match.
                request.reply(SipReply.of(200, "OK " + request.body().length));
            }
        }));
        endpoint.start();
        client = new DatagramSocket(new InetSocketAddress(SipWire.HOST, 0));
        client.setSoTimeout(5000);
    }

    @AfterEach
    void stop() {
        client.close();
        endpoint.stop();
    }

    @Test
    void answersEveryDatagramOfABurstWithItsOwnContentFromTheListeningPort() throws IOException {
        Map<String, String> answers = new HashMap<>();
        Map<String, Integer> sizes = new HashMap<>();
        byte[] buffer = new byte[65_536];
        for (int window = 0; window < ROUNDS; window++) {
            // Back to back, long and short ones interleaved: the transport reads each into the one buffer while the
            // workers still parse the ones before. A window stays well inside the socket's receive buffer (128 KB).
            for (int i = window * WINDOW; i < (window + 1) * WINDOW; i++) {
                int size = i % 3 == 0 ? 6_000 + i : 1 + i;
                String callId = "burst-" + i + "@test";
                sizes.put(callId, size);
                byte[] bytes = message(callId, "x".repeat(size)).getBytes(StandardCharsets.UTF_8);
                client.send(new DatagramPacket(bytes, bytes.length, new InetSocketAddress(SipWire.HOST, port)));
            }
            while (answers.size() < (window + 1) * WINDOW) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                client.receive(packet);
                assertThat(packet.getPort()).as("source port of an answer").isEqualTo(port);
                var response = SipMessage.parse(new String(buffer, 0, packet.getLength(), StandardCharsets.UTF_8));
                answers.put(response.header("Call-ID").orElseThrow(), response.startLine());
            }
        }

        assertThat(answers).hasSize(ROUNDS * WINDOW);
        sizes.forEach((callId, size) -> assertThat(answers.get(callId)).isEqualTo("SIP/2.0 200 OK " + size));
    }

    @Test
    void aResponseWithoutItsTransactionIsAStrayUnlessItAnswersAnInvite() throws Exception {
        var stack = (SIPTransactionStack) endpoint.stack();

        assertThat(CompactUdpProcessor.stray(response("z9hG4bK-gone", "MESSAGE"), stack))
                .isTrue();
        assertThat(CompactUdpProcessor.stray(response("Z9HG4BK-gone-upper", "NOTIFY"), stack))
                .isTrue();
        assertThat(CompactUdpProcessor.stray(response("z9hG4bK-gone", "INVITE"), stack))
                .isFalse();
        assertThat(CompactUdpProcessor.stray(response("rfc2543-style", "MESSAGE"), stack))
                .isFalse();
    }

    @Test
    void aResponseToATransactionStillRunningIsNotAStray() throws Exception {
        try (var silent = new DatagramSocket(new InetSocketAddress(SipWire.HOST, 0))) {
            silent.setSoTimeout(5000);
            endpoint.client()
                    .send(new OutboundRequest(
                            "MESSAGE",
                            "sip:bob@" + SipWire.HOST + ":" + silent.getLocalPort(),
                            "<sip:alice@example.com>",
                            "a",
                            "<sip:bob@example.com>",
                            null,
                            "live-call",
                            1,
                            List.of(),
                            List.of(),
                            null,
                            null,
                            "z9hG4bK-live"));
            silent.receive(new DatagramPacket(new byte[4096], 4096)); // sent, and never answered

            assertThat(CompactUdpProcessor.stray(
                            response("z9hG4bK-live", "MESSAGE"), (SIPTransactionStack) endpoint.stack()))
                    .isFalse();
        }
    }

    private static SIPResponse response(String branch, String method) throws ParseException {
        return (SIPResponse) SipStackFactory.messageFactory("test")
                .createResponse("SIP/2.0 200 OK\r\n"
                        + "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=" + branch + "\r\n"
                        + "From: <sip:alice@example.com>;tag=a\r\n"
                        + "To: <sip:bob@example.com>;tag=b\r\n"
                        + "Call-ID: stray-call\r\n"
                        + "CSeq: 1 " + method + "\r\n"
                        + "Content-Length: 0\r\n\r\n");
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String message(String callId, String body) {
        return "MESSAGE sip:bob@example.com SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + SipWire.HOST + ":" + client.getLocalPort() + ";branch=z9hG4bK-burst-"
                + callId.hashCode()
                + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:alice@example.com>;tag=b1\r\n"
                + "To: <sip:bob@example.com>\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 MESSAGE\r\n"
                + "Content-Type: text/plain\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n"
                + body;
    }
}
