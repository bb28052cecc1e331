package net.cpmpf.sipedge.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Size, count and time limits of the SIP transports under attack: oversized messages, header floods, slow-loris and
 * idle TCP connections, too many connections. Each attack is refused or cut off while a normal OPTIONS still gets
 * its 200.
 */
@Timeout(60)
class SipLimitsTest {

    private static final String HEAD = """
            MESSAGE sip:bob@example.com SIP/2.0\r
            Via: ${via}\r
            Max-Forwards: 70\r
            From: <sip:alice@example.com>;tag=l1\r
            To: <sip:bob@example.com>\r
            Call-ID: ${callId}\r
            CSeq: 1 MESSAGE\r
            """;

    private final List<Socket> attackers = new ArrayList<>();
    private final ExecutorService trickle = Executors.newCachedThreadPool();
    private SipEndpoint endpoint;
    private int port;

    private void start(int maxMessageSize, int maxConnections, Duration messageTimeout) throws IOException {
        port = SipWire.freePort();
        endpoint = new SipEndpoint(
                TestSip.config(SipWire.HOST, port, maxMessageSize, maxConnections, messageTimeout),
                List.of(new SipRequestHandler() {
                    @Override
                    public Set<String> methods() {
                        return Set.of("MESSAGE");
                    }

                    @Override
                    public void handle(InboundRequest request) {
                        request.reply(SipReply.of(200, "OK"));
                    }
                }));
        endpoint.start();
    }

    @AfterEach
    void stop() throws IOException, InterruptedException {
        trickle.shutdownNow();
        trickle.awaitTermination(5, TimeUnit.SECONDS);
        for (Socket socket : attackers) {
            socket.close();
        }
        if (endpoint != null) {
            endpoint.stop();
        }
    }

    @Test
    void closesSlowLorisConnectionsAndServesOthersMeanwhile() throws Exception {
        start(65536, 100, Duration.ofSeconds(1));
        for (int i = 0; i < 20; i++) {
            Socket slow = attacker();
            trickle.submit(() -> {
                // A byte every 200 ms: never idle, never done.
                byte[] request = ("OPTIONS sip:pf@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:1;branch=z9hG4bK"
                                + "x".repeat(200))
                        .getBytes(StandardCharsets.US_ASCII);
                OutputStream out = slow.getOutputStream();
                for (byte b : request) {
                    out.write(b);
                    out.flush();
                    Thread.sleep(200);
                }
                return null;
            });
        }

        assertOptionsAnswered("tcp");
        assertOptionsAnswered("udp");
        long started = System.nanoTime();
        for (Socket slow : attackers) {
            assertClosedByServer(slow, Duration.ofSeconds(5));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertOptionsAnswered("tcp");
    }

    @Test
    void closesConnectionsThatNeverSendAMessage() throws Exception {
        start(65536, 100, Duration.ofSeconds(1));
        for (int i = 0; i < 50; i++) {
            attacker();
        }
        assertOptionsAnswered("tcp");

        for (Socket silent : attackers) {
            assertClosedByServer(silent, Duration.ofSeconds(5));
        }
    }

    @Test
    void keepsAConnectionThatSendsKeepAlivesBetweenMessages() throws Exception {
        start(65536, 100, Duration.ofSeconds(1));
        try (SipWire wire = SipWire.open("tcp", port)) {
            assertThat(wire.exchange(wire.fill(options())).map(SipMessage::status))
                    .contains(200);
            for (int i = 0; i < 8; i++) {
                wire.send("\r\n\r\n");
                Thread.sleep(250);
            }
            assertThat(wire.exchange(wire.fill(options())).map(SipMessage::status))
                    .contains(200);
        }
    }

    @Test
    void shutsConnectionsBeyondTheMaximumAndTakesNewOnesOnceSomeClose() throws Exception {
        start(65536, 5, Duration.ofSeconds(30));
        for (int i = 0; i < 5; i++) {
            attacker();
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            try (Socket extra = new Socket(SipWire.HOST, port)) {
                assertClosedByServer(extra, Duration.ofSeconds(2));
            }
        });
        assertOptionsAnswered("udp");

        attackers.remove(0).close();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertOptionsAnswered("tcp"));
    }

    @Test
    void closesATcpConnectionWhoseHeaderOutgrowsTheMessageSize() throws Exception {
        start(8192, 100, Duration.ofSeconds(10));
        Socket huge = attacker();
        OutputStream out = huge.getOutputStream();
        out.write("OPTIONS sip:pf@127.0.0.1 SIP/2.0\r\nSubject: ".getBytes(StandardCharsets.US_ASCII));
        try {
            out.write("y".repeat(20_000).getBytes(StandardCharsets.US_ASCII));
        } catch (IOException reset) {
            // the server may have closed already
        }
        assertClosedByServer(huge, Duration.ofSeconds(5));
        assertOptionsAnswered("tcp");
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp"})
    void answersAHeaderFloodWithinTheSizeLimit(String transport) throws Exception {
        start(65536, 100, Duration.ofSeconds(10));
        StringBuilder flood = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            flood.append("X-Flood-").append(i).append(": ").append(i).append("\r\n");
        }
        try (SipWire wire = SipWire.open(transport, port)) {
            String request = wire.fill(HEAD + flood + "Content-Length: 0\r\n\r\n");
            assertThat(request.length()).isBetween(40_000, 65_000);

            assertThat(wire.exchange(request).map(SipMessage::status)).contains(400);
        }
        assertOptionsAnswered(transport);
    }

    @Test
    void answersADatagramNearTheUdpMaximum() throws Exception {
        start(65536, 100, Duration.ofSeconds(10));
        try (SipWire wire = SipWire.open("udp", port)) {
            String body = "z".repeat(64_000);
            String request = wire.fill(
                    HEAD + "Content-Type: text/plain\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
            assertThat(request.length()).isBetween(64_000, 65_507);

            assertThat(wire.exchange(request).map(SipMessage::status)).contains(200);
        }
        assertOptionsAnswered("udp");
    }

    @Test
    void refusesADatagramBeyondTheMessageSize() throws Exception {
        start(4096, 100, Duration.ofSeconds(10));
        try (SipWire wire = SipWire.open("udp", port)) {
            String body = "z".repeat(6_000);
            String request = wire.fill(
                    HEAD + "Content-Type: text/plain\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);

            // The RI reads at most max-message-size bytes of a datagram: the rest is missing, hence 400.
            assertThat(wire.exchange(request).map(SipMessage::status)).contains(400);
        }
        assertOptionsAnswered("udp");
    }

    private Socket attacker() throws IOException {
        Socket socket = new Socket(SipWire.HOST, port);
        attackers.add(socket);
        return socket;
    }

    private void assertOptionsAnswered(String transport) throws IOException {
        try (SipWire wire = SipWire.open(transport, port)) {
            assertThat(wire.exchange(wire.fill(options())).map(SipMessage::status))
                    .as("OPTIONS over " + transport)
                    .contains(200);
        }
    }

    private static void assertClosedByServer(Socket socket, Duration within) throws IOException {
        socket.setSoTimeout((int) within.toMillis());
        InputStream in = socket.getInputStream();
        try {
            while (in.read() >= 0) {
                // a 400 or a keep-alive pong may come first
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("connection still open after " + within, e);
        } catch (IOException reset) {
            // closed with a reset: closed all the same
        }
    }

    private static String options() {
        return """
                OPTIONS sip:pf@127.0.0.1 SIP/2.0\r
                Via: ${via}\r
                Max-Forwards: 70\r
                From: <sip:alice@example.com>;tag=o1\r
                To: <sip:pf@127.0.0.1>\r
                Call-ID: ${callId}\r
                CSeq: 1 OPTIONS\r
                Content-Length: 0\r
                \r
                """;
    }
}
