package net.cpmpf.msrp;

import static net.cpmpf.msrp.Codec.wire;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC wire examples decoded, written back byte for byte, and decoded again to the same messages. */
class MsrpRoundTripTest {

    static Stream<Arguments> examples() {
        return Stream.of(
                Arguments.of("SEND", RfcExamples.SEND),
                Arguments.of("200 OK", RfcExamples.OK),
                Arguments.of("two chunks", RfcExamples.TWO_CHUNKS),
                Arguments.of("SEND with reports", RfcExamples.SEND_WITH_REPORTS),
                Arguments.of("REPORT", RfcExamples.REPORT),
                Arguments.of("AUTH, 401, 200", RfcExamples.AUTH_EXCHANGE),
                Arguments.of("relayed SEND", RfcExamples.RELAYED_SEND),
                Arguments.of(
                        "all of them",
                        RfcExamples.SEND
                                + RfcExamples.OK
                                + RfcExamples.TWO_CHUNKS
                                + RfcExamples.SEND_WITH_REPORTS
                                + RfcExamples.REPORT
                                + RfcExamples.AUTH_EXCHANGE
                                + RfcExamples.RELAYED_SEND));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void decodeThenEncodeGivesTheSameBytes(String name, String example) {
        byte[] bytes = wire(example);

        List<Decoded> decoded = Codec.decode(bytes);
        byte[] encoded = Codec.encodeDecoded(decoded);

        assertThat(decoded).allSatisfy(m -> assertThat(m.error()).isNull());
        assertThat(Codec.text(encoded)).isEqualTo(Codec.text(bytes));
        assertThat(Codec.decode(encoded)).isEqualTo(decoded);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void anyCuttingDecodesTheSame(String name, String example) {
        byte[] bytes = wire(example);
        List<Decoded> whole = Codec.decode(bytes);

        assertThat(Codec.decode(MsrpLimits.DEFAULTS, bytes, Codec.everyByte(bytes.length)))
                .as("byte by byte")
                .isEqualTo(whole);
        Random random = new Random(name.hashCode());
        for (int i = 0; i < 50; i++) {
            int[] cuts = Codec.randomCuts(random, bytes.length, 12);
            assertThat(Codec.decode(MsrpLimits.DEFAULTS, bytes, cuts))
                    .as("cut at %s", Arrays.toString(cuts))
                    .isEqualTo(whole);
        }
    }

    @Test
    void theSendDecodesToItsParts() throws MsrpProtocolException {
        List<Decoded> decoded = Codec.decode(wire(RfcExamples.SEND + RfcExamples.OK));

        MsrpRequest send = (MsrpRequest) decoded.get(0).head();
        assertThat(send.transactionId()).isEqualTo("a786hjs2");
        assertThat(send.method()).isEqualTo(MsrpMethod.SEND);
        assertThat(send.toPath()).containsExactly(MsrpUri.parse("msrp://biloxi.example.com:12763/kjhd37s2s20w2a;tcp"));
        assertThat(send.fromPath()).containsExactly(MsrpUri.parse("msrp://atlanta.example.com:7654/jshA7weztas;tcp"));
        assertThat(send.headers().messageId()).contains("87652491");
        assertThat(send.headers().byteRange()).contains(new ByteRange(1, 25, 25));
        assertThat(send.headers().contentType()).contains("text/plain");
        assertThat(decoded.get(0).bodyText()).isEqualTo("Hey Bob, are you there?");
        assertThat(decoded.get(0).flag()).isEqualTo(Continuation.COMPLETE);

        MsrpResponse ok = (MsrpResponse) decoded.get(1).head();
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.comment()).isEqualTo("OK");
        assertThat(ok).isEqualTo(MsrpTransactions.response(send, 200, "OK"));
    }

    @Test
    void chunkFlagsAndUnknownEndsSurvive() {
        List<Decoded> decoded = Codec.decode(wire(RfcExamples.TWO_CHUNKS));

        assertThat(decoded).extracting(Decoded::flag).containsExactly(Continuation.MORE, Continuation.COMPLETE);
        assertThat(decoded).extracting(Decoded::bodyText).containsExactly("abcd", "EFGH");
        assertThat(((MsrpRequest) decoded.get(0).head()).headers().byteRange())
                .contains(new ByteRange(1, ByteRange.UNKNOWN, 8));
    }

    @Test
    void relayHeadersAndUnknownMethodsDecode() {
        List<Decoded> auth = Codec.decode(wire(RfcExamples.AUTH_EXCHANGE));
        assertThat(((MsrpRequest) auth.get(0).head()).method()).isEqualTo(MsrpMethod.AUTH);
        assertThat(((MsrpResponse) auth.get(1).head()).headers().get("www-authenticate"))
                .isPresent();
        assertThat(((MsrpResponse) auth.get(2).head()).headers().usePath()).hasSize(1);

        List<Decoded> custom = Codec.decode(wire("""
                MSRP xy12 NICKNAME
                To-Path: msrp://h:1/a;tcp
                From-Path: msrp://h:2/b;tcp
                Use-Nickname: "Alice"
                -------xy12$
                """));
        assertThat(((MsrpRequest) custom.get(0).head()).method()).isEqualTo(MsrpMethod.of("NICKNAME"));
        assertThat(custom.get(0).body()).isEmpty();
    }
}
