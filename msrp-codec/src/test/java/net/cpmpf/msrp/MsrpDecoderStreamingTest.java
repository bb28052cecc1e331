package net.cpmpf.msrp;

import static net.cpmpf.msrp.Codec.wire;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Bodies that look like end-lines, end-lines cut anywhere, and bodies too large to hold. */
class MsrpDecoderStreamingTest {

    private static final String HEAD = """
            MSRP abcd1234 SEND
            To-Path: msrp://bob.example.com:8888/9di4eae923wzd;tcp
            From-Path: msrp://alicepc.example.com:7777/iau39soe2843z;tcp
            Message-ID: m1234
            Content-Type: text/plain

            """;

    /** Everything here is body: only CRLF + dashes + this tid + flag + CRLF ends it. */
    private static final String TRICKY_BODY = String.join(
            "\n",
            "-------",
            "-------other999$",
            "-------abcd1234X$",
            "-------abcd123$",
            "--------abcd1234$",
            "------abcd1234$",
            "x-------abcd1234$",
            "-------ABCD1234$",
            "\r\r\n-------",
            "");

    @AfterAll
    static void noLeakReported() {
        assertThat(Codec.leaksReported()).isEmpty();
    }

    @Test
    void bodyMayHoldDashesAndOtherTransactionsEndLines() {
        byte[] bytes = wire(HEAD + TRICKY_BODY + "\n-------abcd1234$\n" + RfcExamples.OK);

        List<Decoded> decoded = Codec.decode(bytes);

        assertThat(decoded).hasSize(2);
        assertThat(decoded.get(0).bodyText()).isEqualTo(TRICKY_BODY.replace("\n", "\r\n"));
        assertThat(decoded.get(0).flag()).isEqualTo(Continuation.COMPLETE);
        assertThat(decoded.get(1).head()).isInstanceOf(MsrpResponse.class);
    }

    @Test
    void everyTwoPieceCutDecodesTheSame() {
        byte[] bytes = wire(HEAD + TRICKY_BODY + "\n-------abcd1234+\n" + RfcExamples.OK);
        List<Decoded> whole = Codec.decode(bytes);

        for (int cut = 1; cut < bytes.length; cut++) {
            assertThat(Codec.decode(MsrpLimits.DEFAULTS, bytes, new int[] {cut}))
                    .as("cut at %d", cut)
                    .isEqualTo(whole);
        }
        assertThat(Codec.decode(MsrpLimits.DEFAULTS, bytes, Codec.everyByte(bytes.length)))
                .isEqualTo(whole);
    }

    @Test
    void emptyBodyAndBodyOfOnlyLineBreaks() {
        List<Decoded> empty = Codec.decode(wire(HEAD + "\n-------abcd1234#\n"));
        assertThat(empty.get(0).body()).isEmpty();
        assertThat(empty.get(0).flag()).isEqualTo(Continuation.ABORTED);

        List<Decoded> breaks = Codec.decode(wire(HEAD + "\n\n\n-------abcd1234$\n"));
        assertThat(breaks.get(0).bodyText()).isEqualTo("\r\n\r\n");
    }

    @Test
    void largeBodyStreamsInPartsWithBoundedMemory() {
        int size = 2 * 1024 * 1024;
        byte[] body = new byte[size];
        new Random(7).nextBytes(body);
        byte[] bytes = Codec.concat(wire(HEAD), body, wire("\n-------abcd1234$\n"));
        MsrpLimits limits = MsrpLimits.DEFAULTS.withMaxChunkBytes(size);
        TrackingAllocator alloc = new TrackingAllocator();
        Codec.Session session = new Codec.Session(alloc, limits);

        List<Object> frames = new ArrayList<>();
        long mostLive = 0;
        int parts = 0;
        for (int from = 0; from < bytes.length; from += 8192) {
            for (Object frame : session.feed(bytes, from, Math.min(bytes.length, from + 8192))) {
                parts += frame instanceof MsrpContent ? 1 : 0;
                frames.add(copyOf(frame));
            }
            mostLive = Math.max(mostLive, alloc.liveBytes());
        }
        frames.addAll(session.close());

        List<Decoded> decoded = Decoded.collect(frames);
        assertThat(decoded.get(0).body()).isEqualTo(body);
        assertThat(parts)
                .as("parts emitted while the body arrived")
                .isGreaterThan(size / limits.contentPartBytes() / 2);
        assertThat(mostLive).as("bytes held by the decoder at any time").isLessThan(64 * 1024);
        alloc.assertAllReleased();
    }

    @Test
    void manyMessagesInOneRead() {
        StringBuilder wire = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            wire.append(i % 2 == 0 ? RfcExamples.SEND : RfcExamples.OK);
        }

        List<Decoded> decoded = Codec.decode(wire(wire.toString()));

        assertThat(decoded).hasSize(200).allSatisfy(m -> assertThat(m.error()).isNull());
    }

    @Test
    void utf8HeadersAndBinaryBodies() {
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        byte[] bytes = Codec.concat(
                wire(HEAD.replace("Message-ID: m1234", "Message-ID: m1234\nX-Note: grüße, 你好")),
                binary,
                wire("\n-------abcd1234$\n"));

        List<Decoded> decoded = Codec.decode(bytes);

        assertThat(((MsrpRequest) decoded.get(0).head()).headers().get("X-Note"))
                .contains("grüße, 你好");
        assertThat(decoded.get(0).body()).isEqualTo(binary);
        assertThat(Codec.encodeDecoded(decoded)).isEqualTo(bytes);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("grüße");
    }

    /** Keeps a part's bytes but releases the decoder's buffer at once, as a relay that forwarded it would. */
    private static Object copyOf(Object frame) {
        if (frame instanceof MsrpContent content) {
            Object copy = content.replace(Unpooled.copiedBuffer(content.content()));
            content.release();
            return copy;
        }
        return frame;
    }
}
