package net.cpmpf.sipedge.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import net.cpmpf.sipedge.system.EdgeProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIP over TLS on a real socket, with a key store made by the JDK's keytool for this run: the edge's certificate for
 * the server side, and a second one for a client when the edge asks for client certificates.
 */
class SipTlsTest {

    private static final String PASSWORD = "changeit-test";
    private static final String OPTIONS = """
            OPTIONS sip:pf@127.0.0.1:${port} SIP/2.0\r
            Via: ${via}\r
            Max-Forwards: 70\r
            From: <sip:alice@example.com>;tag=t1\r
            To: <sip:pf@127.0.0.1>\r
            Call-ID: ${callId}\r
            CSeq: 1 OPTIONS\r
            Content-Length: 0\r
            \r
            """;

    @TempDir
    static Path dir;

    private static Path edgeKeys;
    private static Path clientKeys;
    private SipEndpoint endpoint;

    @BeforeAll
    static void keys() throws Exception {
        edgeKeys = keyPair("edge", "CN=127.0.0.1");
        clientKeys = keyPair("client", "CN=alice.example.com");
    }

    @AfterEach
    void stop() {
        if (endpoint != null) {
            endpoint.stop();
        }
    }

    @Test
    void answersOverTlsWithTheConfiguredCertificate() throws Exception {
        int tlsPort = start(tls("none", null));

        try (SipWire wire = SipWire.openTls(tlsPort, clientTrusting(edgeKeys, null))) {
            SipMessage ok = wire.exchange(wire.fill(OPTIONS)).orElseThrow();

            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.header("Via").orElseThrow()).startsWith("SIP/2.0/TLS");
        }
    }

    @Test
    void plainTcpStillWorksBesideIt() throws Exception {
        start(tls("none", null));

        try (SipWire wire = SipWire.open("tcp", endpointPort)) {
            assertThat(wire.exchange(wire.fill(OPTIONS)).orElseThrow().status()).isEqualTo(200);
        }
    }

    @Test
    void mutualTlsRefusesAClientWithoutACertificateAndTakesOneWithATrustedOne() throws Exception {
        // The edge trusts exactly the client's certificate (its own store serves as the authority list).
        int tlsPort = start(tls("need", clientKeys));

        try (SipWire anonymous = SipWire.openTls(tlsPort, clientTrusting(edgeKeys, null))) {
            // Refused in the handshake: an alert on the first read, or the connection closed; never an answer.
            boolean alert = false;
            Optional<SipMessage> answer;
            try {
                anonymous.send(anonymous.fill(OPTIONS));
                answer = anonymous.finalResponse();
            } catch (IOException refused) {
                alert = true;
                answer = Optional.empty();
            }
            assertThat(answer).isEmpty();
            assertThat(alert || anonymous.closedByServer())
                    .as("refused (alert or closed), not left hanging")
                    .isTrue();
        }
        try (SipWire alice = SipWire.openTls(tlsPort, clientTrusting(edgeKeys, clientKeys))) {
            assertThat(alice.exchange(alice.fill(OPTIONS)).orElseThrow().status())
                    .isEqualTo(200);
        }
    }

    @Test
    void closesTlsConnectionsThatTrickleOrNeverSendAMessageAndServesOthersMeanwhile() throws Exception {
        var tls = tls("none", null);
        endpointPort = SipWire.freePort();
        endpoint = new SipEndpoint(
                TestSip.withTls(SipWire.HOST, endpointPort, tls, 100, Duration.ofSeconds(1)), List.of());
        endpoint.start();
        SSLSocketFactory client = clientTrusting(edgeKeys, null);
        var trickling = (SSLSocket) client.createSocket(SipWire.HOST, tls.port());
        var silent = (SSLSocket) client.createSocket(SipWire.HOST, tls.port());
        try (trickling;
                silent) {
            trickling.startHandshake();
            silent.startHandshake();
            var trickle = Executors.newSingleThreadExecutor();
            trickle.submit(() -> {
                OutputStream out = trickling.getOutputStream();
                for (byte b : "OPTIONS sip:pf@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TLS 127.0.0.1:1;branch=z9hG4bKslow"
                        .getBytes(StandardCharsets.US_ASCII)) {
                    out.write(b); // a byte every 200 ms: never idle, never done
                    out.flush();
                    Thread.sleep(200);
                }
                return null;
            });
            try {
                try (SipWire wire = SipWire.openTls(tls.port(), client)) {
                    assertThat(wire.exchange(wire.fill(OPTIONS)).orElseThrow().status())
                            .isEqualTo(200);
                    // Idle between messages is not slow: the connection stays up past the deadline.
                    Thread.sleep(1500);
                    assertThat(wire.exchange(wire.fill(OPTIONS)).orElseThrow().status())
                            .isEqualTo(200);
                }
                assertClosedWithin(trickling, Duration.ofSeconds(5));
                assertClosedWithin(silent, Duration.ofSeconds(5));
            } finally {
                trickle.shutdownNow();
            }
        }
    }

    @Test
    void shutsTlsConnectionsBeyondTheMaximum() throws Exception {
        var tls = tls("none", null);
        endpointPort = SipWire.freePort();
        endpoint =
                new SipEndpoint(TestSip.withTls(SipWire.HOST, endpointPort, tls, 2, Duration.ofSeconds(30)), List.of());
        endpoint.start();
        SSLSocketFactory client = clientTrusting(edgeKeys, null);

        try (SipWire first = SipWire.openTls(tls.port(), client);
                SipWire second = SipWire.openTls(tls.port(), client)) {
            assertThat(first.exchange(first.fill(OPTIONS)).orElseThrow().status())
                    .isEqualTo(200);
            assertThat(second.exchange(second.fill(OPTIONS)).orElseThrow().status())
                    .isEqualTo(200);
            try (SipWire third = SipWire.openTls(tls.port(), client)) {
                // Shut as soon as accepted: the handshake fails, or the connection ends unanswered.
                boolean refused = false;
                Optional<SipMessage> answer;
                try {
                    third.send(third.fill(OPTIONS));
                    answer = third.finalResponse();
                } catch (IOException e) {
                    refused = true;
                    answer = Optional.empty();
                }
                assertThat(answer).isEmpty();
                assertThat(refused || third.closedByServer()).isTrue();
            }
            assertThat(first.exchange(first.fill(OPTIONS)).orElseThrow().status())
                    .isEqualTo(200);
        }
    }

    private static void assertClosedWithin(SSLSocket socket, Duration within) throws IOException {
        socket.setSoTimeout((int) within.toMillis());
        try {
            while (socket.getInputStream().read() >= 0) {
                // nothing is expected, but whatever comes is not the end
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("TLS connection still open after " + within, e);
        } catch (IOException closed) {
            // closed with a reset or an alert: closed all the same
        }
    }

    @Test
    void tlsWithoutAKeyStoreIsAConfigurationErrorThatSaysWhichProperty() throws Exception {
        var incomplete = new EdgeProperties.Tls(
                SipWire.freePort(),
                null,
                null,
                "PKCS12",
                null,
                null,
                "none",
                List.of("TLSv1.3"),
                EdgeProperties.Tls.DEFAULT_SUITES,
                Duration.ofSeconds(5));
        endpoint = new SipEndpoint(TestSip.withTls(SipWire.HOST, SipWire.freePort(), incomplete), List.of());

        assertThatThrownBy(endpoint::start)
                .isInstanceOf(IllegalStateException.class)
                .rootCause()
                .hasMessageContaining("cpm.edge.sip.tls.key-store");
    }

    private int endpointPort;

    private int start(EdgeProperties.Tls tls) throws IOException {
        endpointPort = SipWire.freePort();
        endpoint = new SipEndpoint(TestSip.withTls(SipWire.HOST, endpointPort, tls), List.of());
        endpoint.start();
        return tls.port();
    }

    private static EdgeProperties.Tls tls(String clientAuth, Path trustStore) throws IOException {
        return new EdgeProperties.Tls(
                SipWire.freePort(),
                edgeKeys.toString(),
                PASSWORD,
                "PKCS12",
                trustStore == null ? null : trustStore.toString(),
                trustStore == null ? null : PASSWORD,
                clientAuth,
                List.of("TLSv1.3", "TLSv1.2"),
                EdgeProperties.Tls.DEFAULT_SUITES,
                Duration.ofSeconds(5));
    }

    /** A client that trusts {@code server}'s certificate and, when given, presents {@code own}. */
    private static SSLSocketFactory clientTrusting(Path server, Path own) throws Exception {
        var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(server));
        var keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(own == null ? null : load(own), PASSWORD.toCharArray());
        var context = SSLContext.getInstance("TLS");
        context.init(own == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context.getSocketFactory();
    }

    private static KeyStore load(Path path) throws Exception {
        var store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    /** A self-signed key pair in a PKCS12 store, made by the running JDK's keytool. */
    private static Path keyPair(String alias, String dname) throws Exception {
        Path store = dir.resolve(alias + ".p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(
                        keytool.toString(),
                        "-genkeypair",
                        "-alias",
                        alias,
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        dname,
                        "-ext",
                        "san=ip:127.0.0.1",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        store.toString(),
                        "-storepass",
                        PASSWORD,
                        "-keypass",
                        PASSWORD)
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        return store;
    }
}
