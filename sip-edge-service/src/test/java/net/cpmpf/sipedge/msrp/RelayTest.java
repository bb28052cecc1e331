package net.cpmpf.sipedge.msrp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.cpmpf.msrp.ByteRange;
import net.cpmpf.msrp.Continuation;
import net.cpmpf.msrp.LastMsrpContent;
import net.cpmpf.msrp.MsrpContent;
import net.cpmpf.msrp.MsrpHeaders;
import net.cpmpf.msrp.MsrpMethod;
import net.cpmpf.msrp.MsrpRequest;
import net.cpmpf.msrp.MsrpResponse;
import net.cpmpf.msrp.MsrpStatus;
import net.cpmpf.msrp.MsrpTransactions;
import net.cpmpf.msrp.MsrpUri;
import net.cpmpf.msrp.ReportMode;
import net.cpmpf.sipedge.system.EdgeProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The relay's path rewriting (RFC 4976 §7) with relays on both sides of the PF, transaction responses, REPORTs,
 * refusals and backpressure, on embedded channels that see the messages the relay writes.
 */
class RelayTest {

    private static final MsrpUri ALICE = MsrpUri.of("alice.example.com", 7654, "a1");
    private static final MsrpUri RELAY_A = MsrpUri.of("relay-a.example.net", 2855, "ra1");
    private static final MsrpUri PF_UP = MsrpUri.of("pf.example.com", 2855, "pfup");
    private static final MsrpUri PF_DOWN = MsrpUri.of("pf.example.com", 2855, "pfdown");
    private static final MsrpUri RELAY_B = MsrpUri.of("relay-b.example.net", 2855, "rb1");
    private static final MsrpUri BOB = MsrpUri.of("bob.example.com", 9000, "b1");

    private final List<RelaySession.EndReason> ended = new ArrayList<>();
    private final MsrpNode node = new MsrpNode(config(), new SimpleMeterRegistry());
    private final RelaySession session =
            new RelaySession(node, PF_UP, PF_DOWN, List.of(RELAY_B, BOB), (s, reason) -> ended.add(reason));
    private final EmbeddedChannel originator = new EmbeddedChannel();
    private final EmbeddedChannel client = new EmbeddedChannel();
    private final Relay relay = new Relay(session, originator, client, new RelayMetrics(new SimpleMeterRegistry()));

    @AfterEach
    void nothingLeftBehind() {
        releaseAll(originator);
        releaseAll(client);
        originator.finishAndReleaseAll();
        client.finishAndReleaseAll();
    }

    @Test
    void aSendThroughRelaysOnBothSidesKeepsEveryHopAndItsBody() {
        MsrpRequest send = send("tid001", List.of(PF_UP, RELAY_B, BOB), List.of(RELAY_A, ALICE));

        relay.fromOriginator(send);
        relay.fromOriginator(new MsrpContent(Unpooled.copiedBuffer("hello ", UTF_8)));
        relay.fromOriginator(new LastMsrpContent(Unpooled.copiedBuffer("bob", UTF_8), Continuation.COMPLETE));
        relay.flush();

        MsrpRequest forwarded = client.readOutbound();
        assertThat(forwarded.transactionId()).isEqualTo("tid001");
        assertThat(forwarded.toPath()).containsExactly(RELAY_B, BOB);
        assertThat(forwarded.fromPath()).containsExactly(PF_DOWN, RELAY_A, ALICE);
        assertThat(forwarded.headers()).isEqualTo(send.headers());
        MsrpContent first = client.readOutbound();
        LastMsrpContent last = client.readOutbound();
        assertThat(first.content().toString(UTF_8) + last.content().toString(UTF_8))
                .isEqualTo("hello bob");
        assertThat(last.continuation()).isEqualTo(Continuation.COMPLETE);
        first.release();
        last.release();
        assertThat(relay.outstanding()).isEqualTo(1);

        // The next hop's 200 becomes the PF's 200 to the previous hop.
        relay.fromClient(new MsrpResponse("tid001", 200, "OK", List.of(PF_DOWN), List.of(RELAY_B), MsrpHeaders.EMPTY));
        relay.flush();

        MsrpResponse ok = originator.readOutbound();
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.toPath()).containsExactly(RELAY_A);
        assertThat(ok.fromPath()).containsExactly(PF_UP);
        assertThat(relay.outstanding()).isZero();
    }

    @Test
    void aReportTravelsBackEndToEnd() {
        MsrpRequest send = send("tid002", List.of(PF_UP, RELAY_B, BOB), List.of(RELAY_A, ALICE));
        relay.fromOriginator(send);
        relay.fromOriginator(LastMsrpContent.empty(Continuation.COMPLETE));
        relay.flush();
        MsrpRequest arrived = client.readOutbound();
        releaseAll(client);

        MsrpRequest report = MsrpTransactions.report(
                arrived.withPaths(List.of(BOB), List.of(RELAY_B, PF_DOWN, RELAY_A, ALICE)),
                "rep1",
                new ByteRange(1, 9, 9),
                MsrpStatus.of(200, "OK"));
        relay.fromClient(report.withPaths(List.of(PF_DOWN, RELAY_A, ALICE), List.of(RELAY_B, BOB)));
        relay.fromClient(LastMsrpContent.empty(Continuation.COMPLETE));
        relay.flush();

        MsrpRequest forwarded = originator.readOutbound();
        assertThat(forwarded.method()).isEqualTo(MsrpMethod.REPORT);
        assertThat(forwarded.toPath()).containsExactly(RELAY_A, ALICE);
        assertThat(forwarded.fromPath()).containsExactly(PF_UP, RELAY_B, BOB);
        assertThat(forwarded.headers().status()).contains(MsrpStatus.of(200, "OK"));
    }

    @Test
    void aRequestNotAddressedThroughThisSessionGets481AndItsBodyIsDropped() {
        MsrpRequest stray = send("tid003", List.of(PF_DOWN, BOB), List.of(ALICE));

        relay.fromOriginator(stray);
        relay.fromOriginator(new LastMsrpContent(Unpooled.copiedBuffer("dropped", UTF_8), Continuation.COMPLETE));
        relay.flush();

        MsrpResponse refused = originator.readOutbound();
        assertThat(refused.status()).isEqualTo(481);
        assertThat((Object) client.readOutbound()).isNull();

        MsrpRequest toThePfItself = send("tid004", List.of(PF_UP), List.of(ALICE));
        relay.fromOriginator(toThePfItself);
        relay.fromOriginator(LastMsrpContent.empty(Continuation.COMPLETE));
        relay.flush();
        assertThat(((MsrpResponse) originator.readOutbound()).status()).isEqualTo(481);
    }

    @Test
    void anUnexpectedResponseIsDropped() {
        relay.fromClient(new MsrpResponse("nobody", 200, null, List.of(PF_DOWN), List.of(BOB), MsrpHeaders.EMPTY));
        relay.flush();

        assertThat((Object) originator.readOutbound()).isNull();
    }

    @Test
    void theOriginatorIsNotReadWhileTheClientCannotTakeMore() {
        client.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));

        relay.fromOriginator(send("tid005", List.of(PF_UP, BOB), List.of(ALICE)));
        relay.fromOriginator(new MsrpContent(Unpooled.wrappedBuffer(new byte[1024])));

        assertThat(client.isWritable()).isFalse();
        assertThat(originator.config().isAutoRead()).isFalse();

        client.flush();
        relay.writabilityChanged();

        assertThat(originator.config().isAutoRead()).isTrue();
        relay.fromOriginator(LastMsrpContent.empty(Continuation.COMPLETE));
    }

    private static MsrpRequest send(String tid, List<MsrpUri> to, List<MsrpUri> from) {
        return new MsrpRequest(
                tid,
                MsrpMethod.SEND,
                to,
                from,
                MsrpHeaders.builder()
                        .messageId("m-" + tid)
                        .byteRange(new ByteRange(1, 9, 9))
                        .successReport(ReportMode.YES)
                        .contentType("message/cpim")
                        .build());
    }

    private static void releaseAll(EmbeddedChannel channel) {
        for (Object message = channel.readOutbound(); message != null; message = channel.readOutbound()) {
            io.netty.util.ReferenceCountUtil.release(message);
        }
    }

    private static EdgeProperties.Msrp config() {
        return new EdgeProperties.Msrp(
                "127.0.0.1",
                0,
                Duration.ofSeconds(60),
                Duration.ofSeconds(30),
                Duration.ofSeconds(10),
                10,
                1 << 20,
                1,
                1 << 16,
                "");
    }
}
