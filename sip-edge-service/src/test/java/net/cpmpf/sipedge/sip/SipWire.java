package net.cpmpf.sipedge.sip;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocketFactory;

/** A raw SIP client for tests: writes wire text on a UDP or TCP socket and reads the responses back. */
final class SipWire implements AutoCloseable {

    static final String HOST = "127.0.0.1";
    private static final Pattern CONTENT_LENGTH =
            Pattern.compile("^(?:Content-Length|l)\\s*:\\s*(\\d+)", Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);

    private final String transport;
    private final int serverPort;
    private final DatagramSocket udp;
    private final Socket tcp;

    private SipWire(String transport, int serverPort, SSLSocketFactory tls) throws IOException {
        this.transport = transport;
        this.serverPort = serverPort;
        if (transport.equals("udp")) {
            udp = new DatagramSocket(new InetSocketAddress(HOST, 0));
            udp.setSoTimeout(3000);
            tcp = null;
        } else {
            udp = null;
            tcp = tls != null ? tls.createSocket(HOST, serverPort) : new Socket(HOST, serverPort);
            tcp.setSoTimeout(3000);
        }
    }

    static SipWire open(String transport, int serverPort) throws IOException {
        return new SipWire(transport, serverPort, null);
    }

    /** A TLS connection made with {@code tls}; the handshake happens on the first write. */
    static SipWire openTls(int serverPort, SSLSocketFactory tls) throws IOException {
        return new SipWire("tls", serverPort, tls);
    }

    /** A port free for both UDP and TCP on {@link #HOST}. */
    static int freePort() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName(HOST));
                    DatagramSocket datagram = new DatagramSocket(new InetSocketAddress(HOST, server.getLocalPort()))) {
                return server.getLocalPort();
            } catch (IOException taken) {
                // The UDP side of that port is in use: try another.
            }
        }
        throw new IOException("no port free for both UDP and TCP");
    }

    int localPort() {
        return udp != null ? udp.getLocalPort() : tcp.getLocalPort();
    }

    /**
     * A request from this client: {@code ${via}}, {@code ${port}}, {@code ${callId}} and {@code ${branch}} in
     * {@code template} are filled in.
     */
    String fill(String template) {
        String branch = "z9hG4bK" + UUID.randomUUID();
        String via = "SIP/2.0/" + transport.toUpperCase() + " " + HOST + ":" + localPort() + ";branch=" + branch;
        return template.replace("${via}", via)
                .replace("${port}", Integer.toString(serverPort))
                .replace("${callId}", UUID.randomUUID() + "@test")
                .replace("${branch}", branch);
    }

    void send(String message) throws IOException {
        send(message.getBytes(StandardCharsets.UTF_8));
    }

    void send(byte[] bytes) throws IOException {
        if (udp != null) {
            udp.send(new DatagramPacket(bytes, bytes.length, new InetSocketAddress(HOST, serverPort)));
        } else {
            tcp.getOutputStream().write(bytes);
            tcp.getOutputStream().flush();
        }
    }

    /** The next final response, or empty when none came in time (or the connection was closed). */
    Optional<SipMessage> finalResponse() throws IOException {
        while (true) {
            Optional<SipMessage> next = receive();
            if (next.isEmpty() || next.get().status() >= 200) {
                return next;
            }
        }
    }

    Optional<SipMessage> exchange(String message) throws IOException {
        send(message);
        return finalResponse();
    }

    private Optional<SipMessage> receive() throws IOException {
        try {
            return Optional.ofNullable(udp != null ? receiveDatagram() : receiveStream());
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        }
    }

    private SipMessage receiveDatagram() throws IOException {
        byte[] buffer = new byte[65536];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        udp.receive(packet);
        return SipMessage.parse(new String(buffer, 0, packet.getLength(), StandardCharsets.UTF_8));
    }

    private SipMessage receiveStream() throws IOException {
        InputStream in = tcp.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.UTF_8).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            if (head.size() == 0 && (b == '\r' || b == '\n')) {
                continue; // keep-alive CRLFs between messages
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.UTF_8);
        Matcher length = CONTENT_LENGTH.matcher(text);
        int bodyLength = length.find() ? Integer.parseInt(length.group(1)) : 0;
        return SipMessage.parse(text + new String(in.readNBytes(bodyLength), StandardCharsets.UTF_8));
    }

    /** Whether the server closed the TCP connection (reads end of stream in time). */
    boolean closedByServer() throws IOException {
        try {
            return tcp.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        if (udp != null) {
            udp.close();
        } else {
            tcp.close();
        }
    }
}
