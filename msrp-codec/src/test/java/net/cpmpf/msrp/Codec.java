package net.cpmpf.msrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ResourceLeakDetector;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/** Runs the codec in {@link EmbeddedChannel}s on a {@link TrackingAllocator} and checks that nothing leaks. */
final class Codec {

    static {
        // The Surefire configuration already sets this; repeated for runs from an IDE.
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    private Codec() {}

    /** Wire text written with LF line ends, as in a text block, turned into the CRLF MSRP requires. */
    static byte[] wire(String lfText) {
        return lfText.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Decodes {@code input} in one piece with the default limits. */
    static List<Decoded> decode(byte[] input) {
        return decode(MsrpLimits.DEFAULTS, input, new int[0]);
    }

    /**
     * Decodes {@code input} fed in pieces that end at {@code cuts} (ascending offsets), closes the channel, joins the
     * frames and checks that every buffer was released.
     */
    static List<Decoded> decode(MsrpLimits limits, byte[] input, int[] cuts) {
        TrackingAllocator alloc = new TrackingAllocator();
        List<Object> frames = decodeFrames(alloc, limits, input, cuts);
        List<Decoded> messages = Decoded.collect(frames);
        alloc.assertAllReleased();
        return messages;
    }

    /** The raw frames; the caller releases them. */
    static List<Object> decodeFrames(TrackingAllocator alloc, MsrpLimits limits, byte[] input, int[] cuts) {
        Session session = new Session(alloc, limits);
        List<Object> frames = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            frames.addAll(session.feed(input, from, cut));
            from = cut;
        }
        frames.addAll(session.feed(input, from, input.length));
        frames.addAll(session.close());
        return frames;
    }

    /** A decoder fed piece by piece, for tests that look between the pieces. */
    static final class Session {

        private final TrackingAllocator alloc;
        private final EmbeddedChannel channel = new EmbeddedChannel();

        Session(TrackingAllocator alloc, MsrpLimits limits) {
            this.alloc = alloc;
            channel.config().setAllocator(alloc);
            channel.pipeline().addLast(new MsrpDecoder(limits));
        }

        /** Feeds {@code input[from, to)}; returns the frames it produced, which the caller releases. */
        List<Object> feed(byte[] input, int from, int to) {
            if (to > from) {
                channel.writeInbound(alloc.buffer(to - from).writeBytes(input, from, to - from));
            }
            return drain();
        }

        List<Object> feed(byte[] input) {
            return feed(input, 0, input.length);
        }

        /** Closes the connection; returns what the decoder emitted on close. */
        List<Object> close() {
            channel.finish();
            return drain();
        }

        private List<Object> drain() {
            List<Object> frames = new ArrayList<>();
            for (Object frame = channel.readInbound(); frame != null; frame = channel.readInbound()) {
                frames.add(frame);
            }
            return frames;
        }
    }

    /** Cut points for {@code length} bytes fed in at most {@code maxPieces} random pieces. */
    static int[] randomCuts(Random random, int length, int maxPieces) {
        if (length < 2) {
            return new int[0];
        }
        int pieces = 1 + random.nextInt(Math.min(maxPieces, length));
        return random.ints(pieces - 1, 1, length).sorted().distinct().toArray();
    }

    /** Cut points that feed {@code length} bytes one at a time. */
    static int[] everyByte(int length) {
        return IntStream.range(1, length).toArray();
    }

    /** Writes {@code messages} through an encoder and returns the bytes on the wire. */
    static byte[] encode(List<?> messages) {
        return encode(new TrackingAllocator(), messages);
    }

    /** Writes decoded messages back, their bodies in buffers whose release is checked too. */
    static byte[] encodeDecoded(List<Decoded> messages) {
        TrackingAllocator alloc = new TrackingAllocator();
        List<Object> frames = new ArrayList<>();
        messages.forEach(m -> frames.addAll(m.frames(alloc)));
        return encode(alloc, frames);
    }

    private static byte[] encode(TrackingAllocator alloc, List<?> messages) {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(alloc);
        channel.pipeline().addLast(new MsrpEncoder());
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (Object message : messages) {
            channel.writeOutbound(message);
        }
        for (ByteBuf buf = channel.readOutbound(); buf != null; buf = channel.readOutbound()) {
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            buf.release();
            wire.writeBytes(bytes);
        }
        assertThat(channel.finish()).isFalse();
        alloc.assertAllReleased();
        return wire.toByteArray();
    }

    static String text(byte[] wire) {
        return new String(wire, StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Arrays.stream(parts).forEach(out::writeBytes);
        return out.toByteArray();
    }

    /** Collects leak reports after a garbage collection, for tests to assert there are none. */
    static List<String> leaksReported() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            // The detector polls its queue when it tracks a new buffer.
            new TrackingAllocator().buffer(1).release();
        }
        return RecordingLeakDetector.drain();
    }
}
