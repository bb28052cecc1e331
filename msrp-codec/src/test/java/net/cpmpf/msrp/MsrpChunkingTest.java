package net.cpmpf.msrp;

import static net.cpmpf.msrp.Codec.wire;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import net.cpmpf.msrp.MsrpProtocolException.Reason;
import net.cpmpf.msrp.MsrpReassembler.Progress;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class MsrpChunkingTest {

    private static final MsrpRequest TEMPLATE = new MsrpRequest(
            "template",
            MsrpMethod.SEND,
            List.of(MsrpUri.of("pf.example.net", 2855, "pf1234")),
            List.of(MsrpUri.of("alice.example.com", 7777, "a5678")),
            MsrpHeaders.builder()
                    .messageId("msg0001")
                    .successReport(ReportMode.YES)
                    .contentType("application/octet-stream")
                    .build());

    private static final int FIVE_MB = 5 * 1024 * 1024;

    @AfterAll
    static void noLeakReported() {
        assertThat(Codec.leaksReported()).isEmpty();
    }

    @Test
    void fiveMegabytesSplitShuffledAndReassembled() throws MsrpProtocolException {
        byte[] body = random(FIVE_MB, 1);
        ByteBuf source = Unpooled.wrappedBuffer(body);
        List<MsrpChunk> chunks = MsrpChunker.split(TEMPLATE, source, 32 * 1024, ids());
        source.release();

        assertThat(chunks).hasSize(FIVE_MB / (32 * 1024));
        assertThat(chunks.get(0).head().headers().byteRange()).contains(new ByteRange(1, 32 * 1024, FIVE_MB));
        assertThat(chunks)
                .extracting(c -> c.head().headers().messageId().orElseThrow())
                .containsOnly("msg0001");
        assertThat(chunks).extracting(c -> c.head().transactionId()).doesNotHaveDuplicates();
        assertThat(chunks.subList(0, chunks.size() - 1)).allMatch(c -> c.continuation() == Continuation.MORE);
        assertThat(chunks.get(chunks.size() - 1).continuation()).isEqualTo(Continuation.COMPLETE);

        Collections.shuffle(chunks, new Random(2));
        MsrpReassembler reassembler = new MsrpReassembler(8 * 1024 * 1024);
        List<Progress> progress = new ArrayList<>();
        for (MsrpChunk chunk : chunks) {
            progress.add(reassembler.accept(chunk));
            chunk.release();
        }

        assertThat(progress.subList(0, progress.size() - 1)).containsOnly(Progress.INCOMPLETE);
        assertThat(progress.get(progress.size() - 1)).isEqualTo(Progress.COMPLETE);
        assertThat(reassembler.takeMessage()).isEqualTo(body);
        assertThat(reassembler.contentType()).isEqualTo("application/octet-stream");
    }

    @Test
    void chunksCrossTheWireAndReassembleFromTheDecodersParts() throws MsrpProtocolException {
        byte[] body = random(FIVE_MB, 3);
        ByteBuf source = Unpooled.wrappedBuffer(body);
        byte[] wire = Codec.encode(MsrpChunker.split(TEMPLATE, source, 256 * 1024, ids()));
        source.release();

        TrackingAllocator alloc = new TrackingAllocator();
        Codec.Session session = new Codec.Session(alloc, MsrpLimits.DEFAULTS);
        MsrpReassembler reassembler = new MsrpReassembler(FIVE_MB);
        Progress progress = Progress.INCOMPLETE;
        for (int from = 0; from < wire.length; from += 64 * 1024) {
            for (Object frame : session.feed(wire, from, Math.min(wire.length, from + 64 * 1024))) {
                progress = feed(reassembler, frame, progress);
            }
        }
        assertThat(session.close()).isEmpty();

        assertThat(progress).isEqualTo(Progress.COMPLETE);
        assertThat(reassembler.takeMessage()).isEqualTo(body);
        alloc.assertAllReleased();
    }

    @Test
    void unknownTotalIsStarUntilTheLastChunk() throws MsrpProtocolException {
        MsrpChunker chunker = new MsrpChunker(TEMPLATE, ids(), ByteRange.UNKNOWN);
        List<MsrpChunk> chunks = List.of(
                chunker.next(utf8("Hello, "), Continuation.MORE),
                chunker.next(utf8("streaming "), Continuation.MORE),
                chunker.next(utf8("world"), Continuation.COMPLETE));

        assertThat(chunks)
                .extracting(c -> c.head().headers().byteRange().orElseThrow().toString())
                .containsExactly("1-7/*", "8-17/*", "18-22/22");

        MsrpReassembler reassembler = new MsrpReassembler(1024);
        assertThat(reassembler.accept(chunks.get(2))).isEqualTo(Progress.INCOMPLETE);
        assertThat(reassembler.totalBytes()).isEqualTo(22);
        assertThat(reassembler.accept(chunks.get(0))).isEqualTo(Progress.INCOMPLETE);
        assertThat(reassembler.accept(chunks.get(1))).isEqualTo(Progress.COMPLETE);
        assertThat(new String(reassembler.takeMessage(), StandardCharsets.UTF_8))
                .isEqualTo("Hello, streaming world");
        chunks.forEach(MsrpChunk::release);
    }

    @Test
    void rfcTwoChunkExampleWithUnknownEndReassembles() throws MsrpProtocolException {
        MsrpReassembler reassembler = new MsrpReassembler(1024);
        Progress progress = Progress.INCOMPLETE;
        for (Decoded chunk : Codec.decode(wire(RfcExamples.TWO_CHUNKS))) {
            progress = accept(reassembler, chunk);
        }

        assertThat(progress).isEqualTo(Progress.COMPLETE);
        assertThat(new String(reassembler.takeMessage(), StandardCharsets.US_ASCII))
                .isEqualTo("abcdEFGH");
    }

    @Test
    void interruptedChunkIsContinuedByTheNext() throws MsrpProtocolException {
        byte[] body = random(2000, 4);
        MsrpReassembler reassembler = new MsrpReassembler(4096);

        // The sender announced bytes 1-1000 but stopped after 400 and ended the chunk with '+'.
        assertThat(reassembler.accept(chunk("1-1000/2000", body, 0, 400, Continuation.MORE)))
                .isEqualTo(Progress.INCOMPLETE);
        assertThat(reassembler.receivedBytes()).isEqualTo(400);
        assertThat(reassembler.accept(chunk("401-2000/2000", body, 400, 2000, Continuation.COMPLETE)))
                .isEqualTo(Progress.COMPLETE);
        assertThat(reassembler.takeMessage()).isEqualTo(body);
    }

    @Test
    void abortedMessageStopsTheReassembly() throws MsrpProtocolException {
        byte[] body = random(3000, 5);
        MsrpReassembler reassembler = new MsrpReassembler(4096);

        assertThat(reassembler.accept(chunk("1-1000/3000", body, 0, 1000, Continuation.MORE)))
                .isEqualTo(Progress.INCOMPLETE);
        assertThat(reassembler.accept(chunk("1001-3000/3000", body, 1000, 1700, Continuation.ABORTED)))
                .isEqualTo(Progress.ABORTED);

        assertThat(reassembler.receivedBytes()).isEqualTo(1700);
        assertThatThrownBy(reassembler::takeMessage).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> reassembler.accept(chunk("1701-3000/3000", body, 1700, 3000, Continuation.COMPLETE)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void repeatedBytesMustMatch() throws MsrpProtocolException {
        byte[] body = random(100, 6);
        MsrpReassembler reassembler = new MsrpReassembler(1024);
        reassembler.accept(chunk("1-60/100", body, 0, 60, Continuation.MORE));

        assertThat(reassembler.accept(chunk("41-100/100", body, 40, 100, Continuation.COMPLETE)))
                .isEqualTo(Progress.COMPLETE);
        assertThat(reassembler.takeMessage()).isEqualTo(body);

        MsrpReassembler other = new MsrpReassembler(1024);
        other.accept(chunk("1-60/100", body, 0, 60, Continuation.MORE));
        byte[] tampered = body.clone();
        tampered[50] ^= 1;
        assertMismatch(() -> other.accept(chunk("41-100/100", tampered, 40, 100, Continuation.COMPLETE)));
    }

    @Test
    void chunksThatDisagreeAreRefused() throws MsrpProtocolException {
        byte[] body = random(100, 7);

        MsrpReassembler totals = new MsrpReassembler(1024);
        totals.accept(chunk("1-10/100", body, 0, 10, Continuation.MORE));
        assertMismatch(() -> totals.accept(chunk("11-20/99", body, 10, 20, Continuation.MORE)));

        assertMismatch(() -> new MsrpReassembler(1024).accept(chunk("1-10/100", body, 0, 11, Continuation.MORE)));

        MsrpReassembler shortLast = new MsrpReassembler(1024);
        assertMismatch(() -> shortLast.accept(chunk("91-100/100", body, 90, 99, Continuation.COMPLETE)));

        MsrpReassembler pastTotal = new MsrpReassembler(1024);
        pastTotal.accept(chunk("51-*/*", body, 50, 100, Continuation.MORE));
        assertMismatch(() -> pastTotal.accept(chunk("1-40/40", body, 0, 40, Continuation.COMPLETE)));

        MsrpReassembler ids = new MsrpReassembler(1024);
        ids.accept(chunk("1-10/100", body, 0, 10, Continuation.MORE));
        MsrpRequest otherMessage = TEMPLATE.withHeaders(
                TEMPLATE.headers().with("Message-ID", "msg0002").with("Byte-Range", "11-20/100"));
        assertMismatch(
                () -> ids.accept(new MsrpChunk(otherMessage, Unpooled.wrappedBuffer(body, 10, 10), Continuation.MORE)));
    }

    @Test
    void theRfcSendIsShorterThanItsByteRangeSays() {
        Decoded send = Codec.decode(wire(RfcExamples.SEND)).get(0);

        assertMismatch(() -> accept(new MsrpReassembler(1024), send));
    }

    @Test
    void messagesOverTheLimitAreRefused() throws MsrpProtocolException {
        byte[] body = random(2000, 8);

        assertThatThrownBy(() -> new MsrpReassembler(1000).accept(chunk("1-10/2000", body, 0, 10, Continuation.MORE)))
                .isInstanceOfSatisfying(
                        MsrpProtocolException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MESSAGE_TOO_LARGE));

        MsrpReassembler growing = new MsrpReassembler(1000);
        growing.accept(chunk("1-*/*", body, 0, 900, Continuation.MORE));
        assertThatThrownBy(() -> growing.accept(chunk("901-*/*", body, 900, 1100, Continuation.MORE)))
                .isInstanceOfSatisfying(
                        MsrpProtocolException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MESSAGE_TOO_LARGE));
    }

    @Test
    void emptyMessageIsOneChunk() throws MsrpProtocolException {
        List<MsrpChunk> chunks = MsrpChunker.split(TEMPLATE, Unpooled.EMPTY_BUFFER, 10, ids());

        assertThat(chunks).hasSize(1);
        assertThat(chunks.get(0).head().headers().byteRange()).contains(new ByteRange(1, 0, 0));
        MsrpReassembler reassembler = new MsrpReassembler(10);
        assertThat(reassembler.accept(chunks.get(0))).isEqualTo(Progress.COMPLETE);
        assertThat(reassembler.takeMessage()).isEmpty();
        assertThat(Codec.text(Codec.encode(chunks)))
                .endsWith("application/octet-stream\r\n\r\n\r\n-------tx000001$\r\n");
    }

    @Test
    void chunkerRefusesWhatTheWireCouldNotSay() {
        MsrpChunker known = new MsrpChunker(TEMPLATE, ids(), 10);
        ByteBuf all = utf8("0123456789");
        assertThatThrownBy(() -> known.next(all, Continuation.MORE)).isInstanceOf(IllegalArgumentException.class);
        ByteBuf some = utf8("01234");
        assertThatThrownBy(() -> known.next(some, Continuation.COMPLETE)).isInstanceOf(IllegalArgumentException.class);
        known.next(all, Continuation.COMPLETE).release();
        assertThatThrownBy(() -> known.next(some, Continuation.MORE)).isInstanceOf(IllegalStateException.class);
        some.release();

        MsrpRequest noMessageId = TEMPLATE.withHeaders(TEMPLATE.headers().without("Message-ID"));
        assertThatThrownBy(() -> new MsrpChunker(noMessageId, ids(), 10)).isInstanceOf(IllegalArgumentException.class);
    }

    private static Progress feed(MsrpReassembler reassembler, Object frame, Progress progress)
            throws MsrpProtocolException {
        try {
            if (frame instanceof MsrpRequest request) {
                reassembler.begin(request);
            } else if (frame instanceof MsrpContent content) {
                reassembler.append(content.content());
                if (content instanceof LastMsrpContent last) {
                    return reassembler.end(last.continuation());
                }
            } else {
                throw new AssertionError("unexpected " + frame);
            }
            return progress;
        } finally {
            ReferenceCountUtil.release(frame);
        }
    }

    private static Progress accept(MsrpReassembler reassembler, Decoded decoded) throws MsrpProtocolException {
        MsrpChunk chunk =
                new MsrpChunk((MsrpRequest) decoded.head(), Unpooled.wrappedBuffer(decoded.body()), decoded.flag());
        try {
            return reassembler.accept(chunk);
        } finally {
            chunk.release();
        }
    }

    /** A chunk with {@code byteRange} carrying {@code body[from, to)}. */
    private static MsrpChunk chunk(String byteRange, byte[] body, int from, int to, Continuation flag) {
        MsrpRequest head = TEMPLATE.withHeaders(TEMPLATE.headers().with("Byte-Range", byteRange));
        return new MsrpChunk(head, Unpooled.wrappedBuffer(body, from, to - from), flag);
    }

    private static void assertMismatch(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(MsrpProtocolException.class, e -> assertThat(e.reason())
                .isEqualTo(Reason.CHUNK_MISMATCH));
    }

    private static Supplier<String> ids() {
        AtomicInteger next = new AtomicInteger();
        return () -> String.format("tx%06d", next.incrementAndGet());
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static ByteBuf utf8(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    }
}
