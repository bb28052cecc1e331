package net.cpmpf.sipedge.largemessage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static net.cpmpf.sipedge.largemessage.MsrpTestPeer.clientAnswer;
import static net.cpmpf.sipedge.largemessage.MsrpTestPeer.offer;
import static net.cpmpf.sipedge.largemessage.MsrpTestPeer.pathOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.sip.message.Request;
import javax.sip.message.Response;
import net.cpmpf.events.ForkCommand;
import net.cpmpf.events.ForkTarget;
import net.cpmpf.events.InboundMessage;
import net.cpmpf.events.Topics;
import net.cpmpf.msrp.MsrpRequest;
import net.cpmpf.msrp.MsrpResponse;
import net.cpmpf.msrp.MsrpUri;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Large Message Mode through the edge with real sockets: Java test UAs (JAIN-SIP for SIP, the codec for MSRP) on both
 * sides, a real broker, and the test playing policy and delivery (it reads the INVITE's {@link InboundMessage} and
 * answers with the {@link ForkCommand}). Every test ends with the edge holding nothing: no B2BUA or MSRP session, no
 * MSRP connection, and no buffer leaked (Netty leak detection is paranoid for these tests).
 */
class LargeMessageRelayIT {

    private static final int REPLY_PARTITION = 1;
    private static final Duration WAIT = EdgeUnderTest.WAIT;
    private static final Duration MEDIA_TIMEOUT = Duration.ofSeconds(3);
    private static final List<String> LARGE_MESSAGE = List.of(
            "Accept-Contact: *;+g.oma.sip-im.large-message", "Session-Expires: 1800;refresher=uac", "Supported: timer");

    private static EdgeUnderTest edge;

    @BeforeAll
    static void start() throws IOException {
        edge = EdgeUnderTest.start(
                List.of(Topics.INBOUND_MESSAGES),
                "--cpm.edge.msrp.media-timeout=" + MEDIA_TIMEOUT.toMillis() + "ms",
                "--cpm.edge.backbone.reply-partition=" + REPLY_PARTITION);
    }

    @AfterAll
    static void stop() {
        edge.close();
    }

    @AfterEach
    void edgeHoldsNothing() {
        edge.assertHoldsNothing();
    }

    @Test
    void fiveMegabytesGoByteExactInChunksToTheClientThatAccepts() throws Exception {
        byte[] content = new byte[5 * 1024 * 1024];
        new Random(7).nextBytes(content);
        try (var busy = new SipTestUa("bob-busy", invite -> new SipTestUa.Answer(486, Duration.ZERO, null));
                var media = MsrpTestPeer.listening();
                var bob = new SipTestUa(
                        "bob", invite -> new SipTestUa.Answer(200, Duration.ofMillis(300), clientAnswer(media.uri)));
                var alicesMedia = MsrpTestPeer.connecting();
                var alice = new SipTestUa("alice", invite -> null, edge.sipPort)) {

            alice.invite("sip:bob@example.com", offer(alicesMedia.uri), LARGE_MESSAGE);
            InboundMessage published = edge.next(InboundMessage.class);
            assertThat(published.mode()).isEqualTo(InboundMessage.Mode.LARGE_MESSAGE);
            assertThat(new String(published.body(), UTF_8)).contains(alicesMedia.uri.toString());
            edge.answer(
                    published,
                    new ForkCommand(
                            published.correlationId(),
                            List.of(new ForkTarget(busy.uri(), "urn:uuid:1"), new ForkTarget(bob.uri(), "urn:uuid:2")),
                            null,
                            "sip:alice@example.com",
                            false));

            Response ok = alice.finalResponse(WAIT);
            assertThat(ok.getStatusCode()).isEqualTo(200);
            String answer = SipTestUa.body(ok);
            MsrpUri pfUp = pathOf(answer).get(0);
            assertThat(pathOf(answer)).hasSize(2).last().isEqualTo(media.uri);
            assertThat(pfUp.port()).isEqualTo(edge.msrp.port());
            assertThat(answer)
                    .contains(
                            "m=message " + edge.msrp.port() + " TCP/MSRP *",
                            "a=accept-types:message/cpim",
                            "a=recvonly",
                            "a=setup:passive");
            assertThat(SipTestUa.header(ok, "Server")).startsWith("CPM-serv/OMA2.0");
            assertThat(SipTestUa.headers(ok, "Allow")).contains("INVITE", "ACK", "BYE", "CANCEL");
            assertThat(SipTestUa.header(ok, "Contact")).contains("127.0.0.1:" + edge.sipPort);
            assertThat(SipTestUa.header(ok, "Session-Expires")).isEqualTo("1800;refresher=uac");
            alice.ack(ok);

            Request offerToBob = bob.next("INVITE", WAIT);
            String offerBody = SipTestUa.body(offerToBob);
            assertThat(pathOf(offerBody)).hasSize(2).last().isEqualTo(alicesMedia.uri);
            assertThat(offerBody).contains("a=setup:active", "a=sendonly");
            assertThat(busy.next("INVITE", WAIT)).isNotNull();
            bob.next("ACK", WAIT);

            alicesMedia.connect(pfUp);
            alicesMedia.send(content, pathOf(answer), 256 * 1024);

            int chunks = 20;
            for (int i = 0; i < chunks; i++) {
                MsrpResponse response = alicesMedia.responses.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                assertThat(response).as("200 for chunk " + i).isNotNull();
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.toPath()).containsExactly(alicesMedia.uri);
                assertThat(response.fromPath()).containsExactly(pfUp);
            }
            MsrpRequest report = alicesMedia.reports.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(report).as("success REPORT").isNotNull();
            assertThat(report.headers().status().orElseThrow().code()).isEqualTo(200);
            assertThat(report.headers().byteRange().orElseThrow().toString())
                    .isEqualTo("1-" + content.length + "/" + content.length);
            assertThat(report.toPath()).containsExactly(alicesMedia.uri);
            assertThat(report.fromPath()).containsExactly(pfUp, media.uri);

            assertThat(media.sends).hasSize(chunks);
            MsrpRequest relayed = media.sends.get(0);
            assertThat(relayed.toPath()).containsExactly(media.uri);
            assertThat(relayed.fromPath()).hasSize(2).last().isEqualTo(alicesMedia.uri);
            assertThat(relayed.fromPath().get(0)).isEqualTo(pathOf(offerBody).get(0));
            assertThat(media.completeMessages).hasValue(1);
            assertThat(media.received.toByteArray()).isEqualTo(content);

            alice.bye();
            assertThat(alice.finalResponse(WAIT).getStatusCode()).isEqualTo(200);
            bob.next("BYE", WAIT);
            Awaitility.await().atMost(WAIT).until(() -> media.openConnections() == 0);
            Awaitility.await().atMost(WAIT).until(() -> !alicesMedia.connectedAndOpen());
        }
    }

    @Test
    void whenBothRingTheLoserIsCancelledOnceTheOtherAnswers() throws Exception {
        try (var ringing = new SipTestUa("bob-ringing", invite -> new SipTestUa.Answer(180, Duration.ZERO, null));
                var media = MsrpTestPeer.listening();
                var bob = new SipTestUa(
                        "bob", invite -> new SipTestUa.Answer(200, Duration.ofMillis(700), clientAnswer(media.uri)));
                var alicesMedia = MsrpTestPeer.connecting();
                var alice = new SipTestUa("alice", invite -> null, edge.sipPort)) {

            alice.invite("sip:bob@example.com", offer(alicesMedia.uri), LARGE_MESSAGE);
            InboundMessage published = edge.next(InboundMessage.class);
            edge.answer(
                    published,
                    new ForkCommand(
                            published.correlationId(),
                            List.of(
                                    new ForkTarget(ringing.uri(), "urn:uuid:1"),
                                    new ForkTarget(bob.uri(), "urn:uuid:2")),
                            null,
                            "sip:alice@example.com",
                            false));

            Response ok = alice.finalResponse(WAIT);
            assertThat(ok.getStatusCode()).isEqualTo(200);
            alice.ack(ok);
            ringing.next("INVITE", WAIT);
            ringing.next("CANCEL", WAIT);
            assertThat(bob.requests.stream().map(Request::getMethod)).doesNotContain("CANCEL");

            alice.bye();
            assertThat(alice.finalResponse(WAIT).getStatusCode()).isEqualTo(200);
            bob.next("BYE", WAIT);
        }
    }

    @Test
    void noMediaWithinTheTimeoutEndsTheSessionBothWays() throws Exception {
        try (var media = MsrpTestPeer.listening();
                var bob = new SipTestUa(
                        "bob", invite -> new SipTestUa.Answer(200, Duration.ZERO, clientAnswer(media.uri)));
                var alicesMedia = MsrpTestPeer.connecting();
                var alice = new SipTestUa("alice", invite -> null, edge.sipPort)) {

            alice.invite("sip:bob@example.com", offer(alicesMedia.uri), LARGE_MESSAGE);
            InboundMessage published = edge.next(InboundMessage.class);
            edge.answer(
                    published,
                    new ForkCommand(
                            published.correlationId(),
                            List.of(new ForkTarget(bob.uri(), "urn:uuid:2")),
                            null,
                            "sip:alice@example.com",
                            false));
            Response ok = alice.finalResponse(WAIT);
            alice.ack(ok);
            long answeredAt = System.nanoTime();

            bob.next("BYE", WAIT);
            alice.next("BYE", WAIT);

            assertThat(Duration.ofNanos(System.nanoTime() - answeredAt)).isGreaterThan(MEDIA_TIMEOUT.minusMillis(500));
        }
    }

    @Test
    void allBranchesFailingRelaysTheBestFailure() throws Exception {
        try (var busy = new SipTestUa("bob-busy", invite -> new SipTestUa.Answer(486, Duration.ZERO, null));
                var gone = new SipTestUa("bob-gone", invite -> new SipTestUa.Answer(480, Duration.ZERO, null));
                var alicesMedia = MsrpTestPeer.connecting();
                var alice = new SipTestUa("alice", invite -> null, edge.sipPort)) {

            alice.invite("sip:bob@example.com", offer(alicesMedia.uri), LARGE_MESSAGE);
            InboundMessage published = edge.next(InboundMessage.class);
            edge.answer(
                    published,
                    new ForkCommand(
                            published.correlationId(),
                            List.of(new ForkTarget(busy.uri(), null), new ForkTarget(gone.uri(), null)),
                            null,
                            "sip:alice@example.com",
                            false));

            assertThat(alice.finalResponse(WAIT).getStatusCode()).isIn(480, 486);
        }
    }

    @Test
    void theEdgeRefusesWhatItCannotServeBeforeAskingAnyone() throws Exception {
        try (var alicesMedia = MsrpTestPeer.connecting();
                var alice = new SipTestUa("alice", invite -> null, edge.sipPort)) {
            alice.invite(
                    "sip:bob@example.com",
                    offer(alicesMedia.uri),
                    List.of("Accept-Contact: *;+g.oma.sip-im.large-message", "Session-Expires: 60"));
            Response tooSmall = alice.finalResponse(WAIT);
            assertThat(tooSmall.getStatusCode()).isEqualTo(422);
            assertThat(SipTestUa.header(tooSmall, "Min-SE")).isEqualTo("90");

            alice.invite("sip:bob@example.com", offer(alicesMedia.uri), List.of());
            Response noTag = alice.finalResponse(WAIT);
            assertThat(noTag.getStatusCode()).isEqualTo(488);

            alice.invite(
                    "sip:bob@example.com",
                    "v=0\r\nm=audio 4000 RTP/AVP 0\r\n".getBytes(UTF_8),
                    List.of("Accept-Contact: *;+g.oma.sip-im.large-message"));
            Response noMsrp = alice.finalResponse(WAIT);
            assertThat(noMsrp.getStatusCode()).isEqualTo(488);
            assertThat(SipTestUa.header(noMsrp, "Warning")).contains("MSRP");
        }
    }

    @Test
    void malformedMsrpOrAnUnknownSessionIsRefused() throws Exception {
        try (var stranger = MsrpTestPeer.connecting()) {
            stranger.connect(MsrpUri.of("127.0.0.1", edge.msrp.port(), "nobody"));
            stranger.send(
                    "hello".getBytes(UTF_8),
                    List.of(
                            MsrpUri.of("127.0.0.1", edge.msrp.port(), "nosuchsession"),
                            MsrpUri.of("127.0.0.1", 9, "x1234")),
                    1024);
            MsrpResponse refused = stranger.responses.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(refused).isNotNull();
            assertThat(refused.status()).isEqualTo(481);

            // Not an MSRP start line: framing is lost, so the connection goes.
            stranger.sendRaw("GET / HTTP/1.1\r\nHost: pf\r\n\r\n".getBytes(UTF_8));
            Awaitility.await().atMost(WAIT).until(() -> !stranger.connectedAndOpen());
        }
    }
}
