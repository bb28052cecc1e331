package net.cpmpf.msrp;

import static net.cpmpf.msrp.Codec.wire;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.EncoderException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MsrpEncoderTest {

    private static final List<MsrpUri> TO = List.of(MsrpUri.of("bob.example.com", 8888, "9di4eae923wzd"));
    private static final List<MsrpUri> FROM = List.of(MsrpUri.of("alicepc.example.com", 7777, "iau39soe2843z"));

    @Test
    void contentTypeGoesLastWhateverItsPlace() {
        MsrpHeaders headers = MsrpHeaders.builder()
                .contentType("text/plain")
                .messageId("abcd9876")
                .add("X-Ext", "1")
                .build();
        MsrpRequest send = new MsrpRequest("tx123456", MsrpMethod.SEND, TO, FROM, headers);

        byte[] wire = Codec.encode(List.of(new MsrpChunk(send, utf8("hi"), Continuation.COMPLETE)));

        assertThat(Codec.text(wire)).isEqualTo("""
                        MSRP tx123456 SEND\r
                        To-Path: msrp://bob.example.com:8888/9di4eae923wzd;tcp\r
                        From-Path: msrp://alicepc.example.com:7777/iau39soe2843z;tcp\r
                        Message-ID: abcd9876\r
                        X-Ext: 1\r
                        Content-Type: text/plain\r
                        \r
                        hi\r
                        -------tx123456$\r
                        """);
    }

    @Test
    void streamedPartsWriteTheSameBytesAsOneChunk() {
        MsrpRequest send = new MsrpRequest(
                "tx123456",
                MsrpMethod.SEND,
                TO,
                FROM,
                MsrpHeaders.builder().contentType("text/plain").build());

        byte[] whole = Codec.encode(List.of(new MsrpChunk(send, utf8("hello world"), Continuation.MORE)));
        byte[] streamed = Codec.encode(List.of(
                send,
                new MsrpContent(utf8("hello")),
                new MsrpContent(Unpooled.EMPTY_BUFFER),
                new MsrpContent(utf8(" ")),
                new LastMsrpContent(utf8("world"), Continuation.MORE)));

        assertThat(streamed).isEqualTo(whole);
        assertThat(Codec.text(whole)).endsWith("hello world\r\n-------tx123456+\r\n");
    }

    @Test
    void requestWithoutBodyHasNoBlankLineAndResponsesEndComplete() {
        MsrpRequest auth = new MsrpRequest("49fi", MsrpMethod.AUTH, TO, FROM, MsrpHeaders.EMPTY);
        MsrpResponse bare = new MsrpResponse("49fi", 200, null, FROM, TO, MsrpHeaders.EMPTY);

        String wire = Codec.text(Codec.encode(List.of(auth, LastMsrpContent.empty(Continuation.COMPLETE), bare)));

        assertThat(wire).contains("From-Path: msrp://alicepc.example.com:7777/iau39soe2843z;tcp\r\n-------49fi$\r\n");
        assertThat(wire).contains("MSRP 49fi 200\r\n");
        assertThat(wire).doesNotContain("\r\n\r\n");
    }

    @Test
    void reportBuiltForTheRfcSendMatchesTheRfcReport() {
        MsrpRequest send = (MsrpRequest)
                Codec.decode(wire(RfcExamples.SEND_WITH_REPORTS)).get(0).head();

        MsrpRequest report =
                MsrpTransactions.report(send, "dkei38sd", new ByteRange(1, 106, 106), MsrpStatus.of(200, "OK"));

        assertThat(MsrpTransactions.successReportRequested(send)).isTrue();
        assertThat(Codec.text(Codec.encode(List.of(report, LastMsrpContent.empty(Continuation.COMPLETE)))))
                .isEqualTo(Codec.text(wire(RfcExamples.REPORT)));
    }

    @Test
    void responsesGoOneHopBack() throws MsrpProtocolException {
        MsrpRequest relayed = (MsrpRequest)
                Codec.decode(wire(RfcExamples.RELAYED_SEND)).get(0).head();
        MsrpRequest forwarded = relayed.withPaths(
                relayed.toPath().subList(1, 2),
                List.of(relayed.toPath().get(0), relayed.fromPath().get(0)));

        MsrpResponse response = MsrpTransactions.response(forwarded, 200, "OK");

        assertThat(response.toPath()).containsExactly(MsrpUri.parse("msrps://a.example.org:9000/kjfjan;tcp"));
        assertThat(response.fromPath()).containsExactly(MsrpUri.parse("msrps://bob.example.com:8145/foo;tcp"));
        assertThat(response.transactionId()).isEqualTo("6aef");
    }

    @Test
    void failureReportDecidesWhetherToRespond() {
        MsrpRequest send = new MsrpRequest("tx123456", MsrpMethod.SEND, TO, FROM, MsrpHeaders.EMPTY);
        MsrpRequest partial = send.withHeaders(
                MsrpHeaders.builder().failureReport(ReportMode.PARTIAL).build());
        MsrpRequest none = send.withHeaders(
                MsrpHeaders.builder().failureReport(ReportMode.NO).build());
        MsrpRequest report = new MsrpRequest("tx123456", MsrpMethod.REPORT, TO, FROM, MsrpHeaders.EMPTY);

        assertThat(MsrpTransactions.responseExpected(send, 200)).isTrue();
        assertThat(MsrpTransactions.responseExpected(partial, 200)).isFalse();
        assertThat(MsrpTransactions.responseExpected(partial, 413)).isTrue();
        assertThat(MsrpTransactions.responseExpected(none, 400)).isFalse();
        assertThat(MsrpTransactions.responseExpected(report, 200)).isFalse();
        assertThatThrownBy(() -> MsrpTransactions.response(report, 200, "OK"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void misuseFailsTheWriteBeforeAnythingIsWrittenAndLeaksNothing() {
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel channel = new EmbeddedChannel(new MsrpEncoder());
        channel.config().setAllocator(alloc);
        MsrpRequest bodiless = new MsrpRequest("tx123456", MsrpMethod.SEND, TO, FROM, MsrpHeaders.EMPTY);

        ByteBuf orphan = alloc.buffer().writeByte('x');
        assertThatThrownBy(() -> channel.writeOutbound(new MsrpContent(orphan)))
                .isInstanceOf(EncoderException.class)
                .hasMessageContaining("without a request head");

        channel.writeOutbound(bodiless);
        ByteBuf body = alloc.buffer().writeByte('x');
        assertThatThrownBy(() -> channel.writeOutbound(new LastMsrpContent(body, Continuation.COMPLETE)))
                .isInstanceOf(EncoderException.class)
                .hasMessageContaining("no Content-Type");
        assertThatThrownBy(() -> channel.writeOutbound(bodiless.withTransactionId("other123")))
                .isInstanceOf(EncoderException.class)
                .hasMessageContaining("still open");
        channel.writeOutbound(LastMsrpContent.empty(Continuation.COMPLETE));

        StringBuilder written = new StringBuilder();
        for (ByteBuf buf = channel.readOutbound(); buf != null; buf = channel.readOutbound()) {
            written.append(buf.toString(StandardCharsets.UTF_8));
            buf.release();
        }
        assertThat(written.toString()).startsWith("MSRP tx123456 SEND\r\n").endsWith("\r\n-------tx123456$\r\n");
        assertThat(written.toString()).doesNotContain("other123");
        assertThat(channel.finish()).isFalse();
        alloc.assertAllReleased();
    }

    private static ByteBuf utf8(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    }
}
