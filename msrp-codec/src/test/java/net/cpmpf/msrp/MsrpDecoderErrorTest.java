package net.cpmpf.msrp;

import static net.cpmpf.msrp.Codec.wire;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.cpmpf.msrp.MsrpProtocolException.Reason;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each refusal the decoder can make, with its reason and what it leaves possible: answer 400 and go on, or close. A
 * valid response follows every case: it must decode after a refusal the decoder recovers from, and must not after
 * one that loses framing.
 */
class MsrpDecoderErrorTest {

    private static final String PATHS = """
            To-Path: msrp://bob.example.com:8888/9di4eae923wzd;tcp
            From-Path: msrp://alicepc.example.com:7777/iau39soe2843z;tcp
            """;
    private static final String END = "-------abcd1234$\n";
    /** Small limits keep the oversized cases short enough to feed byte by byte. */
    private static final MsrpLimits SMALL = new MsrpLimits(1024, 64, 32, 100, 8 * 1024);

    enum Then {
        /** Recovered; a 400 may be sent. */
        RESPOND,
        /** Recovered, but no response is due (a response or a REPORT was refused, or the method is unknown). */
        NO_RESPONSE,
        /** Framing lost: close. */
        CLOSE
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                bad("garbage start line", "HELLO world\n", Reason.BAD_START_LINE, Then.CLOSE),
                bad("lower-case MSRP", "msrp abcd1234 SEND\n" + PATHS + END, Reason.BAD_START_LINE, Then.CLOSE),
                bad("start line ends with LF only", "MSRP abcd1234 SEND\n", Reason.BAD_START_LINE, Then.CLOSE, false),
                bad("no method", "MSRP abcd1234\n" + PATHS + END, Reason.BAD_START_LINE, Then.NO_RESPONSE),
                bad("lower-case method", "MSRP abcd1234 send\n" + PATHS + END, Reason.BAD_START_LINE, Then.NO_RESPONSE),
                bad(
                        "text after the method",
                        "MSRP abcd1234 SEND now\n" + PATHS + END,
                        Reason.BAD_START_LINE,
                        Then.RESPOND),
                bad("two-digit status", "MSRP abcd1234 20 OK\n" + PATHS + END, Reason.BAD_START_LINE, Then.NO_RESPONSE),
                bad(
                        "short transaction id",
                        "MSRP abc SEND\n" + PATHS + "-------abc$\n",
                        Reason.BAD_TRANSACTION_ID,
                        Then.CLOSE),
                bad("long transaction id", "MSRP " + "a".repeat(33) + " SEND\n", Reason.BAD_TRANSACTION_ID, Then.CLOSE),
                bad("transaction id with $", "MSRP abc$1234 SEND\n", Reason.BAD_TRANSACTION_ID, Then.CLOSE),
                bad(
                        "huge header",
                        "MSRP abcd1234 SEND\n" + PATHS + "X-Big: " + "x".repeat(2_000) + "\n" + END,
                        Reason.HEADERS_TOO_LARGE,
                        Then.CLOSE),
                bad(
                        "huge start line",
                        "MSRP abcd1234 SEND" + " ".repeat(2_000) + "\n",
                        Reason.HEADERS_TOO_LARGE,
                        Then.CLOSE),
                bad(
                        "too many headers",
                        "MSRP abcd1234 SEND\n" + PATHS + "X-A: 1\n".repeat(70) + END,
                        Reason.TOO_MANY_HEADERS,
                        Then.RESPOND),
                bad(
                        "From-Path first",
                        "MSRP abcd1234 SEND\nFrom-Path: msrp://h:1/a;tcp\nTo-Path: msrp://h:2/b;tcp\n" + END,
                        Reason.MISSING_TO_PATH,
                        Then.RESPOND),
                bad("no headers at all", "MSRP abcd1234 SEND\n" + END, Reason.MISSING_TO_PATH, Then.RESPOND),
                bad(
                        "REPORT without To-Path",
                        "MSRP abcd1234 REPORT\nFrom-Path: msrp://h:1/a;tcp\n" + END,
                        Reason.MISSING_TO_PATH,
                        Then.NO_RESPONSE),
                bad(
                        "no From-Path",
                        "MSRP abcd1234 SEND\nTo-Path: msrp://h:1/a;tcp\nMessage-ID: abcd\n" + END,
                        Reason.MISSING_FROM_PATH,
                        Then.RESPOND),
                bad(
                        "only To-Path",
                        "MSRP abcd1234 SEND\nTo-Path: msrp://h:1/a;tcp\n" + END,
                        Reason.MISSING_FROM_PATH,
                        Then.RESPOND),
                bad(
                        "not a header",
                        "MSRP abcd1234 SEND\n" + PATHS + "Garbage line\n" + END,
                        Reason.BAD_HEADER,
                        Then.RESPOND),
                bad(
                        "header ends with LF only",
                        "MSRP abcd1234 SEND\r\n" + PATHS.replace("\n", "\r\n") + "X-A: 1\n" + END.replace("\n", "\r\n"),
                        Reason.BAD_HEADER,
                        Then.RESPOND,
                        false),
                bad(
                        "second To-Path",
                        "MSRP abcd1234 SEND\n" + PATHS + "To-Path: msrp://h:1/a;tcp\n" + END,
                        Reason.BAD_HEADER,
                        Then.RESPOND),
                bad(
                        "two Message-IDs",
                        "MSRP abcd1234 SEND\n" + PATHS + "Message-ID: abcd\nMessage-ID: efgh\n" + END,
                        Reason.BAD_HEADER,
                        Then.RESPOND),
                bad(
                        "not an MSRP URI",
                        "MSRP abcd1234 SEND\nTo-Path: http://h:1/a;tcp\n" + END,
                        Reason.BAD_URI,
                        Then.RESPOND),
                bad(
                        "bad Byte-Range",
                        "MSRP abcd1234 SEND\n" + PATHS + "Byte-Range: 1-9/8\n" + END,
                        Reason.BAD_HEADER_VALUE,
                        Then.RESPOND),
                bad(
                        "bad Byte-Range, with body",
                        "MSRP abcd1234 SEND\n" + PATHS + "Byte-Range: x\nContent-Type: text/plain\n\nhello\n" + END,
                        Reason.BAD_HEADER_VALUE,
                        Then.RESPOND),
                bad(
                        "body without Content-Type",
                        "MSRP abcd1234 SEND\n" + PATHS + "\nhello\n" + END,
                        Reason.MISSING_CONTENT_TYPE,
                        Then.RESPOND),
                bad(
                        "response with a body",
                        "MSRP abcd1234 200 OK\n" + PATHS + "Content-Type: text/plain\n\nhi\n" + END,
                        Reason.UNEXPECTED_BODY,
                        Then.NO_RESPONSE),
                bad(
                        "chunk over the limit",
                        "MSRP abcd1234 SEND\n" + PATHS + "Content-Type: text/plain\n\n" + "x".repeat(101) + "\n" + END,
                        Reason.CHUNK_TOO_LARGE,
                        Then.CLOSE),
                bad(
                        "flag without CRLF",
                        "MSRP abcd1234 SEND\n" + PATHS + "Content-Type: text/plain\n\nhi\n" + "-------abcd1234$x\n",
                        Reason.BAD_END_LINE,
                        Then.CLOSE),
                bad(
                        "end-line of another transaction",
                        "MSRP abcd1234 SEND\n" + PATHS + "-------other999$\n",
                        Reason.BAD_END_LINE,
                        Then.CLOSE),
                bad(
                        "end-line with a bad flag",
                        "MSRP abcd1234 SEND\n" + PATHS + "-------abcd1234!\n",
                        Reason.BAD_END_LINE,
                        Then.CLOSE),
                cut("cut short", "MSRP abcd1234 SEND\n" + PATHS + "Content-Type: text/plain\n\nhel", Reason.INCOMPLETE),
                cut("start line cut short", "MSRP abcd", Reason.INCOMPLETE),
                cut("refused, and its end-line never comes", "MSRP abcd1234 SEND\nGarbage\nmore", Reason.BAD_HEADER));
    }

    @AfterAll
    static void noLeakReported() {
        assertThat(Codec.leaksReported()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void refusedWithReasonAndRecoveryDecision(String name, byte[] input, Reason reason, Then then) {
        List<Decoded> decoded = Codec.decode(SMALL, input, new int[0]);

        MsrpDecodeError error = decoded.get(0).error();
        assertThat(error).as("first message is refused: %s", decoded).isNotNull();
        assertThat(error.reason()).isEqualTo(reason);
        assertThat(error.closeConnection()).isEqualTo(then == Then.CLOSE);
        assertThat(error.canRespond()).isEqualTo(then == Then.RESPOND);
        if (then == Then.CLOSE) {
            assertThat(decoded).as("nothing decoded after framing is lost").hasSize(1);
        } else {
            assertThat(error.transactionId()).isEqualTo("abcd1234");
            assertThat(decoded).hasSize(2);
            assertThat(decoded.get(1).head())
                    .isEqualTo(Codec.decode(wire(RfcExamples.OK)).get(0).head());
        }
        assertThat(Codec.decode(SMALL, input, Codec.everyByte(input.length)))
                .as("byte by byte")
                .isEqualTo(decoded);
    }

    @Test
    void chunkOverTheLimitEndsTheRequestWhoseHeadWasEmitted() {
        byte[] input = wire("MSRP abcd1234 SEND\n" + PATHS + "Content-Type: text/plain\n\n" + "x".repeat(500));

        List<Decoded> decoded = Codec.decode(SMALL.withContentPartBytes(10), input, Codec.everyByte(input.length));

        assertThat(decoded).hasSize(1);
        assertThat(decoded.get(0).head()).isInstanceOf(MsrpRequest.class);
        assertThat(decoded.get(0).body().length).isBetween(10, 100);
        assertThat(decoded.get(0).error().reason()).isEqualTo(Reason.CHUNK_TOO_LARGE);
    }

    @Test
    void oversizedHeadIsRefusedWithoutBufferingPastTheLimit() {
        assertRefusedEarly(
                wire("MSRP abcd1234 SEND\n" + PATHS + "X-Big: " + "x".repeat(100_000)),
                MsrpLimits.DEFAULTS,
                Reason.HEADERS_TOO_LARGE,
                MsrpLimits.DEFAULTS.maxHeadBytes());
    }

    @Test
    void oversizedChunkIsRefusedWithoutBufferingPastTheLimit() {
        MsrpLimits limits = MsrpLimits.DEFAULTS.withMaxChunkBytes(64 * 1024);
        assertRefusedEarly(
                wire("MSRP abcd1234 SEND\n" + PATHS + "Content-Type: text/plain\n\n" + "x".repeat(100_000)),
                limits,
                Reason.CHUNK_TOO_LARGE,
                (int) limits.maxChunkBytes());
    }

    /** Fed 1 KiB at a time, the refusal comes within a piece of the limit and memory stays near one piece. */
    private static void assertRefusedEarly(byte[] input, MsrpLimits limits, Reason reason, int limit) {
        TrackingAllocator alloc = new TrackingAllocator();
        Codec.Session session = new Codec.Session(alloc, limits);
        int piece = 1024;
        int refusedAt = -1;
        long mostLive = 0;
        for (int from = 0; from < input.length; from += piece) {
            List<Object> frames = session.feed(input, from, Math.min(input.length, from + piece));
            mostLive = Math.max(mostLive, alloc.liveBytes());
            for (Object frame : frames) {
                if (frame instanceof MsrpDecodeError error) {
                    assertThat(error.reason()).isEqualTo(reason);
                    assertThat(error.closeConnection()).isTrue();
                    refusedAt = refusedAt < 0 ? from + piece : refusedAt;
                }
                ReferenceCountUtil.release(frame);
            }
        }
        session.close().forEach(ReferenceCountUtil::release);

        assertThat(refusedAt).as("refused within a piece after the limit").isBetween(limit, limit + 1024 + 512);
        assertThat(mostLive).as("live bytes").isLessThan(4L * Math.min(limit, limits.contentPartBytes()) + 64 * 1024);
        alloc.assertAllReleased();
    }

    @Test
    void refusedMessageIsSkippedOnlyUpToItsOwnEndLine() {
        // The refused request's body holds another transaction's end-line and a start line: both are skipped.
        byte[] input = wire(
                "MSRP abcd1234 SEND\n" + PATHS + "\nMSRP zzzz9999 SEND\n-------zzzz9999$\n" + END + RfcExamples.OK);

        List<Decoded> decoded = Codec.decode(input);

        assertThat(decoded).hasSize(2);
        assertThat(decoded.get(0).error().reason()).isEqualTo(Reason.MISSING_CONTENT_TYPE);
        assertThat(decoded.get(1).head()).isInstanceOf(MsrpResponse.class);
    }

    @Test
    void skippingIsBoundedToo() {
        MsrpLimits limits = new MsrpLimits(1024, 8, 32, 1024, 512);
        byte[] input = wire("MSRP abcd1234 SEND\nGarbage\n" + "y".repeat(10_000) + "\n" + END);

        List<Decoded> decoded = Codec.decode(limits, input, Codec.randomCuts(new Random(3), input.length, 40));

        assertThat(decoded).hasSize(1);
        assertThat(decoded.get(0).error().reason()).isEqualTo(Reason.BAD_HEADER);
        assertThat(decoded.get(0).error().closeConnection()).isTrue();
    }

    /** A case that the connection's close cuts short: nothing follows it. */
    private static Arguments cut(String name, String lfWire, Reason reason) {
        return Arguments.of(name, wire(lfWire), reason, Then.CLOSE);
    }

    private static Arguments bad(String name, String lfWire, Reason reason, Then then) {
        return bad(name, lfWire, reason, then, true);
    }

    /** The case's bytes, followed by a valid response; LF becomes CRLF unless the case is about line ends. */
    private static Arguments bad(String name, String text, Reason reason, Then then, boolean crlf) {
        byte[] bytes = crlf ? wire(text) : text.getBytes(StandardCharsets.UTF_8);
        return Arguments.of(name, Codec.concat(bytes, wire(RfcExamples.OK)), reason, then);
    }
}
