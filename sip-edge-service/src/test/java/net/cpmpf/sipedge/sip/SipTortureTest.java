package net.cpmpf.sipedge.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Torture messages in the categories of RFC 4475, written for this project ({@code src/test/resources/torture}):
 * valid but unusual requests get the answer their method gets, invalid ones the refusal RFC 3261 asks for, over UDP
 * and over TCP; after each one the stack still answers OPTIONS. {@code -} means no answer: a request the stack cannot
 * answer (no Via, Call-ID, From, To or CSeq) or, on TCP, one whose Content-Length announces more than was sent (an
 * unfinished message) or cannot be read at all (the stream cannot be framed, so the connection is closed). The one
 * valid message not answered, compact Content-Length and Call-ID over TCP, is a limitation of the RI's NIO framer.
 */
class SipTortureTest {

    private static final Pattern LONG = Pattern.compile("\\$\\{long:(\\d+)}");
    private static final Pattern PARAMS = Pattern.compile("\\$\\{params:(\\d+)}");

    private static SipEndpoint endpoint;
    private static int port;

    @BeforeAll
    static void start() throws IOException {
        port = SipWire.freePort();
        endpoint = new SipEndpoint(
                TestSip.config(SipWire.HOST, port),
                List.of(answering("MESSAGE", 200, "OK"), answering("INVITE", 486, "Busy Here")));
        endpoint.start();
    }

    @AfterAll
    static void stop() {
        endpoint.stop();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // valid, unusual
                // RI limitation: its NIO TCP framer finds Content-Length and Call-ID by full name only (l: and i: are
                // lost)
                Arguments.of("v01-compact-folded-whitespace", "200", "-"),
                Arguments.of("v02-escaped-request-uri", "200", "200"),
                Arguments.of("v03-unusual-user-part", "200", "200"),
                Arguments.of("v04-ipv6-addresses", "200", "200"),
                Arguments.of("v05-tel-uri", "200", "200"),
                Arguments.of("v06-unknown-headers", "200", "200"),
                Arguments.of("v07-multipart-body", "200", "200"),
                Arguments.of("v08-largest-cseq", "200", "200"),
                Arguments.of("v09-empty-and-odd-values", "200", "200"),
                Arguments.of("v10-several-vias-in-one-line", "200", "200"),
                Arguments.of("v11-unknown-method", "501", "501"),
                Arguments.of("v12-known-method-not-served", "405", "405"),
                Arguments.of("v13-invite-with-sdp", "486", "486"),
                Arguments.of("v14-long-values", "200", "200"),
                // invalid
                Arguments.of("i01-content-length-beyond-body", "400", "-"),
                // TCP: framing is lost with the Content-Length; the RI closes the connection
                Arguments.of("i02-negative-content-length", "400", "-"),
                Arguments.of("i03-huge-content-length", "400", "-"),
                Arguments.of("i04-cseq-overflow", "400", "400"),
                Arguments.of("i05-max-forwards-overflow", "400", "400"),
                Arguments.of("i06-negative-cseq", "400", "400"),
                Arguments.of("i07-negative-expires", "400", "400"),
                // no response can be built without Call-ID, From, To, CSeq (RFC 3261 8.2.6.2): dropped
                Arguments.of("i08-no-call-id", "-", "-"),
                Arguments.of("i09-no-from", "-", "-"),
                Arguments.of("i10-no-to", "-", "-"),
                Arguments.of("i11-no-cseq", "-", "-"),
                Arguments.of("i12-no-via", "-", "-"),
                Arguments.of("i13-two-content-lengths", "400", "400"),
                Arguments.of("i14-two-from-headers", "400", "400"),
                Arguments.of("i15-two-call-ids", "400", "400"),
                Arguments.of("i16-two-cseqs", "400", "400"),
                Arguments.of("i17-unterminated-quote", "400", "400"),
                Arguments.of("i18-space-in-request-uri", "400", "400"),
                Arguments.of("i19-bracketed-request-uri", "400", "400"),
                Arguments.of("i20-via-without-host", "400", "400"),
                Arguments.of("i21-via-port-out-of-range", "400", "400"),
                Arguments.of("i22-sip-version-7", "505", "505"),
                Arguments.of("i23-unknown-uri-scheme", "416", "416"),
                Arguments.of("i24-body-without-content-type", "400", "400"),
                Arguments.of("i25-method-mismatch", "400", "400"),
                Arguments.of("i26-bad-max-forwards", "400", "400"),
                Arguments.of("i27-bad-content-type", "400", "400"));
    }

    @ParameterizedTest(name = "{0} over UDP: {1}")
    @MethodSource("cases")
    void overUdp(String name, String udp, String tcp) throws IOException {
        assertAnswer("udp", name, udp);
    }

    @ParameterizedTest(name = "{0} over TCP: {2}")
    @MethodSource("cases")
    void overTcp(String name, String udp, String tcp) throws IOException {
        assertAnswer("tcp", name, tcp);
    }

    private static void assertAnswer(String transport, String name, String expected) throws IOException {
        Optional<SipMessage> answer;
        try (SipWire wire = SipWire.open(transport, port)) {
            answer = wire.exchange(message(wire, name));
        }
        System.out.println("TORTURE " + transport + " " + name + " -> "
                + answer.map(SipMessage::startLine).orElse("-"));
        if (expected.equals("-")) {
            assertThat(answer).as(name).isEmpty();
        } else {
            assertThat(answer).as(name).isPresent();
            assertThat(answer.get().status()).as(name).isEqualTo(Integer.parseInt(expected));
            assertThat(answer.get().startLine().split(" ", 3))
                    .as("reason phrase of " + name)
                    .hasSize(3);
        }
        try (SipWire wire = SipWire.open(transport, port)) {
            assertThat(wire.exchange(wire.fill(options())).map(SipMessage::status))
                    .as("OPTIONS after " + name)
                    .contains(200);
        }
    }

    /** The resource with its placeholders filled, CRLF line ends and a Content-Length that matches its body. */
    static String message(SipWire wire, String name) {
        String text;
        try (InputStream in = SipTortureTest.class.getResourceAsStream("/torture/" + name + ".sip")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        text = replace(LONG, text, n -> "x".repeat(n));
        text = replace(PARAMS, text, n -> {
            StringBuilder params = new StringBuilder();
            for (int i = 0; i < n; i++) {
                params.append(";p").append(i).append("=v").append(i);
            }
            return params.toString();
        });
        text = wire.fill(text).replace("\r\n", "\n").replace("\n", "\r\n");
        int blank = text.indexOf("\r\n\r\n");
        int length = text.substring(blank + 4).getBytes(StandardCharsets.UTF_8).length;
        return text.replace("${length}", Integer.toString(length));
    }

    private static String replace(Pattern pattern, String text, java.util.function.IntFunction<String> value) {
        Matcher m = pattern.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(value.apply(Integer.parseInt(m.group(1)))));
        }
        m.appendTail(out);
        return out.toString();
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

    private static SipRequestHandler answering(String method, int status, String reason) {
        return new SipRequestHandler() {
            @Override
            public Set<String> methods() {
                return Set.of(method);
            }

            @Override
            public void handle(InboundRequest request) {
                request.reply(SipReply.of(status, reason));
            }
        };
    }
}
