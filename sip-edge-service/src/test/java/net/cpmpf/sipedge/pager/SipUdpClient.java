package net.cpmpf.sipedge.pager;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.UUID;

/** A bare SIP client on a UDP socket: sends wire text, returns the first final response. */
final class SipUdpClient implements AutoCloseable {

    private final DatagramSocket socket;
    private final InetSocketAddress server;

    SipUdpClient(int serverPort) throws IOException {
        this.socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        this.server = new InetSocketAddress("127.0.0.1", serverPort);
    }

    String message(String recipient, String body) {
        String branch = "z9hG4bK" + UUID.randomUUID();
        return ("MESSAGE " + recipient + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + socket.getLocalPort() + ";branch=" + branch + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:alice@example.com>;tag=" + UUID.randomUUID() + "\r\n"
                + "To: <" + recipient + ">\r\n"
                + "Call-ID: " + UUID.randomUUID() + "@test\r\n"
                + "CSeq: 1 MESSAGE\r\n"
                + "Expires: 300\r\n"
                + "Content-Type: text/plain\r\n"
                + "Content-Length: " + body.getBytes(UTF_8).length + "\r\n"
                + "\r\n" + body);
    }

    void send(String request) throws IOException {
        byte[] bytes = request.getBytes(UTF_8);
        socket.send(new DatagramPacket(bytes, bytes.length, server));
    }

    /** The first final (non-1xx) response within {@code wait}, as wire text. */
    String finalResponse(Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        byte[] buffer = new byte[65_535];
        while (true) {
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
            var packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no final response within " + wait, e);
            }
            String response = new String(packet.getData(), 0, packet.getLength(), UTF_8);
            if (!response.startsWith("SIP/2.0 1")) {
                return response;
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
