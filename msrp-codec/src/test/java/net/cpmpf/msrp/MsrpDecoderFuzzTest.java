package net.cpmpf.msrp;

import static net.cpmpf.msrp.Codec.wire;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Mutation fuzzing with fixed seeds: valid messages are corrupted (bits flipped, bytes inserted, deleted, duplicated,
 * spliced, framing tokens planted, input cut short) and decoded in one piece and in random pieces. Whatever the
 * input, the decoder must emit only messages and typed errors in a valid order, decode the same however the input is
 * cut, release every buffer, and what it accepts must survive encoding and decoding again. Up to 3,000 inputs, or
 * as many as 5 seconds allow on a busy machine (at least 500); a decoder that loops forever hits the timeout.
 */
class MsrpDecoderFuzzTest {

    private static final long SEED = 0x4D535250L;
    private static final int ITERATIONS = 3_000;
    /** Stops early on a machine busy enough to need more: the seeds make every iteration the same anyway. */
    private static final long BUDGET_NANOS = TimeUnit.SECONDS.toNanos(5);

    private static final int MIN_ITERATIONS = 500;
    private static final int MAX_INPUT = 32 * 1024;

    private static final List<MsrpLimits> LIMITS =
            List.of(MsrpLimits.DEFAULTS, new MsrpLimits(256, 6, 12, 200, 7), new MsrpLimits(1024, 12, 32, 64, 1));

    private static final List<byte[]> CORPUS = corpus();

    private static final byte[] INTERESTING = ascii("\r\n-$+#: M\t\u007f\u0000");

    private static final List<byte[]> TOKENS = List.of(
            ascii("\r\n"),
            ascii("\r\n\r\n"),
            ascii("\r"),
            ascii("\n"),
            ascii("-------"),
            ascii("MSRP "),
            ascii(": "),
            ascii(" "),
            ascii("$"),
            ascii("+"),
            ascii("#"),
            ascii("\r\n-------a786hjs2$\r\n"),
            ascii("\r\n-------dkei38sd+\r\n"),
            ascii("-------49fi#\r\n"),
            ascii("To-Path: msrp://h.example:1/s;tcp\r\n"),
            ascii("Content-Type: text/plain\r\n\r\n"),
            ascii("Byte-Range: 1-*/*\r\n"),
            ascii("MSRP a786hjs2 SEND\r\n"),
            "é€\u0000".getBytes(StandardCharsets.UTF_8));

    @Test
    @Timeout(value = 15, unit = TimeUnit.SECONDS)
    void mutatedInputYieldsMessagesOrTypedErrorsAndLeaksNothing() {
        Random random = new Random(SEED);
        int refused = 0;
        int accepted = 0;
        long deadline = System.nanoTime() + BUDGET_NANOS;
        int iterations = 0;
        for (int i = 0; i < ITERATIONS && System.nanoTime() < deadline; i++, iterations++) {
            byte[] input = mutate(random, seeds(random));
            MsrpLimits limits = LIMITS.get(random.nextInt(LIMITS.size()));
            int[] cuts = Codec.randomCuts(random, input.length, 8);
            String what = "iteration " + i + ", limits " + limits + ", input " + printable(input);

            List<Decoded> whole;
            List<Decoded> pieces;
            try {
                whole = Codec.decode(limits, input, new int[0]);
                pieces = Codec.decode(limits, input, cuts);
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError(what, e);
            }

            assertThat(comparable(pieces)).as(what).isEqualTo(comparable(whole));
            assertInvariants(whole, what);
            if (whole.stream().anyMatch(m -> m.error() != null)) {
                refused++;
            } else {
                accepted++;
                byte[] again = Codec.encodeDecoded(whole);
                assertThat(comparable(Codec.decode(limits, again, new int[0])))
                        .as("re-encoded: %s", what)
                        .isEqualTo(comparable(whole));
            }
        }
        assertThat(iterations).as("iterations within the budget").isGreaterThanOrEqualTo(MIN_ITERATIONS);
        assertThat(refused).as("inputs refused").isGreaterThan(iterations / 10);
        assertThat(accepted).as("inputs accepted").isGreaterThan(iterations / 40);
        assertThat(Codec.leaksReported()).isEmpty();
    }

    static void assertInvariants(List<Decoded> decoded, String what) {
        for (int i = 0; i < decoded.size(); i++) {
            Decoded message = decoded.get(i);
            if (message.error() == null) {
                assertThat(message.head()).as(what).isNotNull();
                if (message.head() instanceof MsrpRequest) {
                    assertThat(message.flag()).as(what).isNotNull();
                }
                continue;
            }
            MsrpDecodeError error = message.error();
            if (error.closeConnection()) {
                assertThat(i).as("nothing after a close: %s", what).isEqualTo(decoded.size() - 1);
            } else {
                assertThat(error.transactionId())
                        .as("recovered only with a transaction id: %s", what)
                        .isNotNull();
                assertThat(message.head())
                        .as("recovered only before a head: %s", what)
                        .isNull();
            }
        }
    }

    /**
     * What must not depend on how the input was cut or whether it was re-encoded: a refused request's partial body
     * depends on how much had arrived, and the encoder moves Content-Type last.
     */
    static List<Decoded> comparable(List<Decoded> decoded) {
        List<Decoded> out = new ArrayList<>();
        for (Decoded m : decoded) {
            MsrpMessage head = m.head() instanceof MsrpRequest request
                    ? request.withHeaders(contentTypeLast(request.headers()))
                    : m.head();
            out.add(new Decoded(head, m.error() == null ? m.body() : null, m.flag(), m.error()));
        }
        return out;
    }

    private static MsrpHeaders contentTypeLast(MsrpHeaders headers) {
        return headers.contentType().isEmpty()
                ? headers
                : headers.without(MsrpHeaders.CONTENT_TYPE)
                        .with(
                                MsrpHeaders.CONTENT_TYPE,
                                headers.get(MsrpHeaders.CONTENT_TYPE).orElseThrow());
    }

    private static byte[] seeds(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            out.writeBytes(CORPUS.get(random.nextInt(CORPUS.size())));
        }
        return out.toByteArray();
    }

    private static byte[] mutate(Random random, byte[] input) {
        byte[] data = input;
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations && data.length > 0; m++) {
            int at = random.nextInt(data.length);
            data = switch (random.nextInt(8)) {
                case 0 -> {
                    data[at] ^= (byte) (1 << random.nextInt(8));
                    yield data;
                }
                case 1 -> {
                    data[at] = INTERESTING[random.nextInt(INTERESTING.length)];
                    yield data;
                }
                case 2 -> {
                    byte[] noise = new byte[1 + random.nextInt(8)];
                    random.nextBytes(noise);
                    yield splice(data, at, at, noise);
                }
                case 3 -> splice(data, at, Math.min(data.length, at + 1 + random.nextInt(16)), new byte[0]);
                case 4 -> {
                    int end = Math.min(data.length, at + 1 + random.nextInt(64));
                    yield splice(data, random.nextInt(data.length), 0, Arrays.copyOfRange(data, at, end));
                }
                case 5 -> splice(data, at, at, TOKENS.get(random.nextInt(TOKENS.size())));
                case 6 -> Arrays.copyOf(data, at);
                default -> {
                    byte[] other = CORPUS.get(random.nextInt(CORPUS.size()));
                    yield splice(
                            data,
                            at,
                            data.length,
                            Arrays.copyOfRange(other, random.nextInt(other.length), other.length));
                }
            };
        }
        return data.length > MAX_INPUT ? Arrays.copyOf(data, MAX_INPUT) : data;
    }

    /** {@code data} with {@code [from, to)} replaced by {@code insert}; {@code to} 0 means insert at {@code from}. */
    private static byte[] splice(byte[] data, int from, int to, byte[] insert) {
        int end = Math.max(from, to);
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + insert.length);
        out.write(data, 0, from);
        out.writeBytes(insert);
        out.write(data, end, data.length - end);
        return out.toByteArray();
    }

    private static List<byte[]> corpus() {
        byte[] binary = new byte[600];
        new Random(1).nextBytes(binary);
        return List.of(
                wire(RfcExamples.SEND),
                wire(RfcExamples.OK),
                wire(RfcExamples.TWO_CHUNKS),
                wire(RfcExamples.SEND_WITH_REPORTS),
                wire(RfcExamples.REPORT),
                wire(RfcExamples.AUTH_EXCHANGE),
                wire(RfcExamples.RELAYED_SEND),
                Codec.concat(wire("""
                                MSRP bin0001 SEND
                                To-Path: msrp://[2001:db8::1]:2855/s;tcp
                                From-Path: msrp://u@h.example:1/t;tcp msrp://h2.example;tcp
                                Message-ID: bin-0001
                                Byte-Range: 1-*/*
                                Content-Type: application/octet-stream

                                """), binary, wire("\n-------bin0001+\n")),
                wire("""
                        MSRP q1w2e3 413 Stop sending, please
                        To-Path: msrp://a.example:1/x;tcp
                        From-Path: msrp://b.example:2/y;tcp
                        -------q1w2e3$
                        """));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String printable(byte[] input) {
        StringBuilder out = new StringBuilder();
        for (byte b : input) {
            int c = b & 0xFF;
            out.append(c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return out.toString();
    }
}
