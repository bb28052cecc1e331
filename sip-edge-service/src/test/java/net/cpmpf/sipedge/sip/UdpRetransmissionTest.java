package net.cpmpf.sipedge.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Non-INVITE transactions over UDP on the wire (RFC 3261 17.2.2): a retransmitted request reaches the handler once,
 * is absorbed while unanswered, gets the very same answer once answered, and a full table refuses new requests.
 */
@Timeout(60)
class UdpRetransmissionTest {

    private final List<InboundRequest> handled = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private SipEndpoint endpoint;
    private DatagramSocket client;
    private int port;

    private void start(int maxServerTransactions) throws IOException {
        port = SipWire.freePort();
        endpoint = new SipEndpoint(
                TestSip.withMaxServerTransactions(SipWire.HOST, port, maxServerTransactions),
                List.of(new SipRequestHandler() {
                    @Override
                    public Set<String> methods() {
                        return Set.of("MESSAGE");
                    }

                    @Override
                    public void handle(InboundRequest request) {
                        handled.add(request);
                        if (request.header("Call-ID").orElseThrow().startsWith("sync")) {
                            // Answered at once, then the stack's thread stays busy a while with this request's event.
                            request.reply(SipReply.of(200, "OK"));
                            await(release);
                            return;
                        }
                        // Answered later, off the stack's thread, as the pager feature does once its decision is back.
                        Thread answer = new Thread(() -> {
                            await(release);
                            request.reply(SipReply.of(200, "OK"));
                        });
                        answer.setDaemon(true);
                        answer.start();
                    }
                }));
        endpoint.start();
        client = new DatagramSocket(new InetSocketAddress(SipWire.HOST, 0));
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (client != null) {
            client.close();
        }
        if (endpoint != null) {
            endpoint.stop();
        }
    }

    @Test
    void aRetransmissionIsAbsorbedUntilTheAnswerAndThenGetsTheSameAnswer() throws Exception {
        start(100);
        byte[] message = message("z9hG4bK-re-1", "re-1@test");

        send(message);
        send(message);
        client.setSoTimeout(500);
        assertThatThrownBy(this::receive)
                .as("no answer while the request is being handled")
                .isInstanceOf(SocketTimeoutException.class);

        release.countDown();
        client.setSoTimeout(5000);
        String answer = receive();
        send(message);
        String again = receive();

        assertThat(answer).startsWith("SIP/2.0 200 OK");
        assertThat(again).as("byte for byte, To tag included").isEqualTo(answer);
        assertThat(handled).as("the handler saw the request once").hasSize(1);
    }

    @Test
    void aRetransmissionGetsTheAnswerWhileTheFirstRequestsEventIsStillRunning() throws Exception {
        start(100);
        byte[] message = message("z9hG4bK-sync", "sync-1@test");
        client.setSoTimeout(5000);

        send(message);
        String answer = receive();
        send(message);
        client.setSoTimeout(1000);
        String again = receive();

        assertThat(again).isEqualTo(answer);
        assertThat(handled).hasSize(1);
    }

    @Test
    void anotherBranchIsAnotherRequest() throws Exception {
        start(100);
        release.countDown();
        client.setSoTimeout(5000);

        send(message("z9hG4bK-a", "a@test"));
        String first = receive();
        send(message("z9hG4bK-b", "b@test"));
        String second = receive();

        assertThat(handled).hasSize(2);
        assertThat(first).contains("Call-ID: a@test");
        assertThat(second).contains("Call-ID: b@test");
    }

    @Test
    void aFullTableRefusesANewRequestWith503() throws Exception {
        start(2);
        client.setSoTimeout(5000);

        send(message("z9hG4bK-f1", "f1@test"));
        send(message("z9hG4bK-f2", "f2@test"));
        send(message("z9hG4bK-f3", "f3@test"));
        // The two admitted wait for the release: the first answer is the refusal of whichever came third.
        String refusal = receive();
        release.countDown();
        List<String> answers = List.of(receive(), receive());

        assertThat(refusal).startsWith("SIP/2.0 503");
        assertThat(answers).allSatisfy(answer -> assertThat(answer).startsWith("SIP/2.0 200"));
        assertThat(handled).hasSize(2);
        assertThat(Stream.concat(Stream.of(refusal), answers.stream()).map(UdpRetransmissionTest::callId))
                .containsExactlyInAnyOrder("f1@test", "f2@test", "f3@test");
    }

    private static String callId(String response) {
        return SipMessage.parse(response).header("Call-ID").orElseThrow();
    }

    private void send(byte[] datagram) throws IOException {
        client.send(new DatagramPacket(datagram, datagram.length, new InetSocketAddress(SipWire.HOST, port)));
    }

    private String receive() throws IOException {
        byte[] buffer = new byte[65_536];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        client.receive(packet);
        assertThat(packet.getPort()).as("answers leave from the listening port").isEqualTo(port);
        return new String(buffer, 0, packet.getLength(), StandardCharsets.UTF_8);
    }

    private byte[] message(String branch, String callId) {
        return ("MESSAGE sip:bob@example.com SIP/2.0\r\n"
                        + "Via: SIP/2.0/UDP " + SipWire.HOST + ":" + client.getLocalPort() + ";branch=" + branch
                        + "\r\n"
                        + "Max-Forwards: 70\r\n"
                        + "From: <sip:alice@example.com>;tag=r1\r\n"
                        + "To: <sip:bob@example.com>\r\n"
                        + "Call-ID: " + callId + "\r\n"
                        + "CSeq: 1 MESSAGE\r\n"
                        + "Content-Type: text/plain\r\n"
                        + "Content-Length: 2\r\n\r\n"
                        + "hi")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
