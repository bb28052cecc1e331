package net.cpmpf.msrp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * Coverage-guided fuzzing of the decoder with Jazzer, beside the fixed-seed {@link MsrpDecoderFuzzTest}. A normal
 * test run replays the committed corpus ({@code src/test/resources/.../MsrpDecoderJazzerTestInputs/});
 * {@code JAZZER_FUZZ=1} fuzzes (README, Development). Whatever the bytes and however they are cut, the decoder
 * emits messages and typed {@link MsrpDecodeError}s only (it never throws), in a valid order, the same for any
 * cutting, and releases every buffer.
 */
class MsrpDecoderJazzerTest {

    private static final List<MsrpLimits> LIMITS =
            List.of(MsrpLimits.DEFAULTS, new MsrpLimits(256, 6, 12, 200, 7), new MsrpLimits(1024, 12, 32, 64, 1));

    @FuzzTest(maxDuration = "3m")
    void decodesToMessagesOrTypedErrors(FuzzedDataProvider data) {
        MsrpLimits limits = LIMITS.get(data.consumeInt(0, LIMITS.size() - 1));
        int pieces = data.consumeInt(1, 8);
        byte[] input = data.consumeRemainingAsBytes();
        int[] cuts = new int[Math.min(pieces - 1, Math.max(0, input.length - 1))];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = (int) ((long) input.length * (i + 1) / (cuts.length + 1));
        }
        cuts = java.util.Arrays.stream(cuts).filter(c -> c > 0).distinct().toArray();

        List<Decoded> whole = Codec.decode(limits, input, new int[0]);
        List<Decoded> cut = Codec.decode(limits, input, cuts);

        MsrpDecoderFuzzTest.assertInvariants(whole, "whole");
        assertThat(MsrpDecoderFuzzTest.comparable(cut)).isEqualTo(MsrpDecoderFuzzTest.comparable(whole));
    }
}
