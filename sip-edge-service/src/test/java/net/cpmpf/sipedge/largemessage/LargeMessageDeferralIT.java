package net.cpmpf.sipedge.largemessage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static net.cpmpf.sipedge.largemessage.MsrpTestPeer.clientAnswer;
import static net.cpmpf.sipedge.largemessage.MsrpTestPeer.offer;
import static net.cpmpf.sipedge.largemessage.MsrpTestPeer.pathOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.sip.message.Response;
import net.cpmpf.events.DeferLargeMessageCommand;
import net.cpmpf.events.ForkCommand;
import net.cpmpf.events.ForkTarget;
import net.cpmpf.events.InboundMessage;
import net.cpmpf.events.LargeMessageDeferred;
import net.cpmpf.events.MessageDeferred;
import net.cpmpf.events.RequestOutcome;
import net.cpmpf.events.SendLargeMessageCommand;
import net.cpmpf.events.SipHeader;
import net.cpmpf.events.Topics;
import net.cpmpf.msrp.Continuation;
import net.cpmpf.msrp.MsrpRequest;
import net.cpmpf.msrp.MsrpResponse;
import net.cpmpf.msrp.MsrpUri;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PF as the MSRP endpoint of a deferred large message (CR 8.3.2.1.1), with real sockets and a real broker: the
 * test plays policy and delivery (it answers the INVITE's {@link InboundMessage} with a fork whose branches all fail,
 * or with a {@link DeferLargeMessageCommand}) and reads what the edge publishes to {@link
 * Topics#LARGE_MESSAGE_CONTENTS}. Every test ends with the edge holding nothing and no buffer leaked.
 */
class LargeMessageDeferralIT {

    private static final int REPLY_PARTITION = 2;
    private static final int MAX_DEFERRED = 6 * 1024 * 1024;
    private static final Duration WAIT = EdgeUnderTest.WAIT;
    private static final Duration MEDIA_TIMEOUT = Duration.ofSeconds(3);
    private static final List<String> LARGE_MESSAGE = List.of("Accept-Contact: *;+g.oma.sip-im.large-message");

    private static EdgeUnderTest edge;

    @BeforeAll
    static void start() throws Exception {
        edge = EdgeUnderTest.start(
                List.of(Topics.INBOUND_MESSAGES, Topics.LARGE_MESSAGE_CONTENTS, Topics.REQUEST_OUTCOMES),
                "--cpm.edge.msrp.media-timeout=" + MEDIA_TIMEOUT.toMillis() + "ms",
                "--cpm.edge.large-message.max-deferred-size=" + MAX_DEFERRED + "B",
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
    void allBranchesFailingMakesThePfTheEndpointAndFiveMegabytesArePublishedByteExact() throws Exception {
        byte[] content = new byte[5 * 1024 * 1024];
        new Random(11).nextBytes(content);
        try (var busy = new SipTestUa("bob-busy", invite -> new SipTestUa.Answer(486, Duration.ZERO, null));
                var gone = new SipTestUa("bob-gone", invite -> new SipTestUa.Answer(480, Duration.ZERO, null));
                var alicesMedia = MsrpTestPeer.connecting();
                var alice = new SipTestUa("alice", invite -> null, edge.sipPort)) {

            alice.invite("sip:bob@example.com", offer(alicesMedia.uri), LARGE_MESSAGE);
            InboundMessage published = edge.next(InboundMessage.class);
            MessageDeferred.Terms deferral = deferral(MessageDeferred.Reason.ALL_FORKS_FAILED);
            edge.answer(
                    published,
                    new ForkCommand(
                            published.correlationId(),
                            List.of(new ForkTarget(busy.uri(), "urn:uuid:1"), new ForkTarget(gone.uri(), "urn:uuid:2")),
                            deferral,
                            "sip:alice@example.com",
                            false));

            Response ok = alice.finalResponse(WAIT);
            assertThat(ok.getStatusCode()).isEqualTo(200);
            busy.next("INVITE", WAIT);
            gone.next("INVITE", WAIT);
            String answer = SipTestUa.body(ok);
            List<MsrpUri> path = pathOf(answer);
            assertThat(path).as("the PF alone: it is the endpoint").hasSize(1);
            assertThat(path.get(0).port()).isEqualTo(edge.msrp.port());
            assertThat(answer)
                    .contains(
                            "m=message " + edge.msrp.port() + " TCP/MSRP *",
                            "a=accept-types:message/cpim",
                            "a=max-size:" + MAX_DEFERRED,
                            "a=recvonly",
                            "a=setup:passive");
            assertThat(SipTestUa.header(ok, "Server")).startsWith("CPM-serv/OMA2.0");
            alice.ack(ok);

            alicesMedia.connect(path.get(0));
            alicesMedia.send(content, path, 256 * 1024);
            for (int i = 0; i < 20; i++) {
                MsrpResponse response = alicesMedia.responses.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                assertThat(response).as("200 for chunk " + i).isNotNull();
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.toPath()).containsExactly(alicesMedia.uri);
            }
            MsrpRequest report = alicesMedia.reports.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(report).as("success REPORT").isNotNull();
            assertThat(report.headers().status().orElseThrow().code()).isEqualTo(200);
            assertThat(report.headers().byteRange().orElseThrow().toString())
                    .isEqualTo("1-" + content.length + "/" + content.length);
            assertThat(report.fromPath()).containsExactly(path.get(0));

            // Acknowledged only once on the backbone: the record is there to read now.
            LargeMessageDeferred stored = edge.next(LargeMessageDeferred.class);
            // The message the edge holds, deferred on the command's terms.
            assertThat(stored.deferral())
                    .usingRecursiveComparison()
                    .isEqualTo(MessageDeferred.of(published, "sip:alice@example.com", deferral));
            assertThat(stored.contentType()).isEqualTo("message/cpim");
            assertThat(stored.content()).isEqualTo(content);

            alice.bye();
            assertThat(alice.finalResponse(WAIT).getStatusCode()).isEqualTo(200);
            Awaitility.await().atMost(WAIT).until(() -> !alicesMedia.connectedAndOpen());
        }
    }

    @Test
    void aDeferCommandMakesThePfTheEndpointAtOnceAndAnInterruptedMessageIsDropped() throws Exception {
        byte[] content = "CPIM message kept for later".getBytes(UTF_8);
        try (var alicesMedia = MsrpTestPeer.connecting();
                var alice = new SipTestUa("alice", invite -> null, edge.sipPort)) {
            alice.invite("sip:bob@example.com", offer(alicesMedia.uri), LARGE_MESSAGE);
            InboundMessage published = edge.next(InboundMessage.class);
            edge.answer(published, deferNow(published));

            Response ok = alice.finalResponse(WAIT);
            assertThat(ok.getStatusCode()).isEqualTo(200);
            alice.ack(ok);
            List<MsrpUri> path = pathOf(SipTestUa.body(ok));
            alicesMedia.connect(path.get(0));

            alicesMedia.sendFirstChunk("abandoned part".getBytes(UTF_8), path, 1000, Continuation.ABORTED);
            MsrpResponse interrupted = alicesMedia.responses.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(interrupted).isNotNull();
            assertThat(interrupted.status()).isEqualTo(200);

            alicesMedia.send(content, path, 10);
            for (int i = 0; i < 3; i++) {
                MsrpResponse response = alicesMedia.responses.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                assertThat(response).isNotNull();
                assertThat(response.status()).isEqualTo(200);
            }
            assertThat(alicesMedia.reports.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                    .isNotNull();
            LargeMessageDeferred stored = edge.next(LargeMessageDeferred.class);
            assertThat(stored.content()).isEqualTo(content);
            assertThat(stored.deferral().reason()).isEqualTo(MessageDeferred.Reason.PREFERENCE);
            assertThat(stored.deferral().messageUriId()).isEqualTo(published.correlationId());
            assertThat(stored.deferral().sender()).isEqualTo("sip:alice@example.com");

            alice.bye();
            assertThat(alice.finalResponse(WAIT).getStatusCode()).isEqualTo(200);
        }
    }

    @Test
    void aMessageLargerThanThePfKeepsGets413AndABye() throws Exception {
        byte[] content = new byte[MAX_DEFERRED + 1];
        try (var alicesMedia = MsrpTestPeer.connecting();
                var alice = new SipTestUa("alice", invite -> null, edge.sipPort)) {
            alice.invite("sip:bob@example.com", offer(alicesMedia.uri), LARGE_MESSAGE);
            InboundMessage published = edge.next(InboundMessage.class);
            edge.answer(published, deferNow(published));
            Response ok = alice.finalResponse(WAIT);
            alice.ack(ok);
            List<MsrpUri> path = pathOf(SipTestUa.body(ok));
            alicesMedia.connect(path.get(0));
            alicesMedia.send(content, path, 1024 * 1024);

            MsrpResponse refused = alicesMedia.responses.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(refused).isNotNull();
            assertThat(refused.status()).isEqualTo(413);
            alice.next("BYE", WAIT);
            Awaitility.await().atMost(WAIT).until(() -> !alicesMedia.connectedAndOpen());
            assertThat(edge.nothingOn(Topics.LARGE_MESSAGE_CONTENTS, Duration.ofSeconds(2)))
                    .isTrue();
        }
    }

    @Test
    void theOriginatorsByeBeforeTheLastChunkDefersNothing() throws Exception {
        try (var alicesMedia = MsrpTestPeer.connecting();
                var alice = new SipTestUa("alice", invite -> null, edge.sipPort)) {
            alice.invite("sip:bob@example.com", offer(alicesMedia.uri), LARGE_MESSAGE);
            InboundMessage published = edge.next(InboundMessage.class);
            edge.answer(published, deferNow(published));
            Response ok = alice.finalResponse(WAIT);
            alice.ack(ok);
            List<MsrpUri> path = pathOf(SipTestUa.body(ok));
            alicesMedia.connect(path.get(0));
            // One chunk of a message of 1000 bytes, never finished.
            alicesMedia.sendFirstChunk(new byte[100], path, 1000, Continuation.MORE);
            alicesMedia.responses.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);

            alice.bye();
            assertThat(alice.finalResponse(WAIT).getStatusCode()).isEqualTo(200);
            Awaitility.await().atMost(WAIT).until(() -> !alicesMedia.connectedAndOpen());
            assertThat(edge.nothingOn(Topics.LARGE_MESSAGE_CONTENTS, Duration.ofSeconds(2)))
                    .isTrue();
        }
    }

    @Test
    void noMediaWithinTheTimeoutEndsTheSession() throws Exception {
        try (var alicesMedia = MsrpTestPeer.connecting();
                var alice = new SipTestUa("alice", invite -> null, edge.sipPort)) {
            alice.invite("sip:bob@example.com", offer(alicesMedia.uri), LARGE_MESSAGE);
            InboundMessage published = edge.next(InboundMessage.class);
            edge.answer(published, deferNow(published));
            Response ok = alice.finalResponse(WAIT);
            alice.ack(ok);
            long answeredAt = System.nanoTime();

            alice.next("BYE", WAIT);
            assertThat(Duration.ofNanos(System.nanoTime() - answeredAt)).isGreaterThan(MEDIA_TIMEOUT.minusMillis(500));
        }
    }

    @Test
    void laterDeliverySendsFiveMegabytesByteExactAsInviteAndMsrpAndReportsTheOutcome() throws Exception {
        byte[] content = new byte[5 * 1024 * 1024];
        new Random(13).nextBytes(content);
        try (var media = MsrpTestPeer.listening();
                var bob = new SipTestUa(
                        "bob", invite -> new SipTestUa.Answer(200, Duration.ZERO, clientAnswer(media.uri)))) {
            var command = command("redelivery:m5:urn:uuid:phone", bob.uri(), content);

            edge.command(REPLY_PARTITION, command.key(), command);

            var invite = bob.next("INVITE", WAIT);
            String offer = SipTestUa.body(invite);
            assertThat(offer).contains("a=setup:active", "a=sendonly", "a=accept-types:message/cpim");
            assertThat(pathOf(offer)).hasSize(1).first().satisfies(uri -> assertThat(uri.port())
                    .isEqualTo(edge.msrp.port()));
            assertThat(SipTestUa.header(invite, "Accept-Contact")).contains("+g.oma.sip-im.large-message");
            assertThat(SipTestUa.header(invite, "From")).contains("sip:alice@example.com");
            assertThat(SipTestUa.header(invite, "Conversation-ID")).isEqualTo("conv-1");
            bob.next("ACK", WAIT);

            RequestOutcome outcome = edge.next(RequestOutcome.class);
            assertThat(outcome.correlationId()).isEqualTo(command.correlationId());
            assertThat(outcome.purpose()).isEqualTo("redelivery");
            assertThat(outcome.key()).isEqualTo("sip:bob@example.com");
            assertThat(outcome.status()).isEqualTo(200);
            assertThat(media.completeMessages).hasValue(1);
            assertThat(media.received.toByteArray()).isEqualTo(content);
            assertThat(media.sends).hasSize(20);
            assertThat(media.sends.get(0).toPath()).containsExactly(media.uri);
            bob.next("BYE", WAIT);
        }
    }

    @Test
    void laterDeliveryToADeviceThatRefusesReportsItsStatus() throws Exception {
        try (var bob = new SipTestUa("bob", invite -> new SipTestUa.Answer(486, Duration.ZERO, null))) {
            var command = command("redelivery:m6:urn:uuid:phone", bob.uri(), "x".getBytes(UTF_8));

            edge.command(REPLY_PARTITION, command.key(), command);

            bob.next("INVITE", WAIT);
            RequestOutcome outcome = edge.next(RequestOutcome.class);
            assertThat(outcome.correlationId()).isEqualTo(command.correlationId());
            assertThat(outcome.status()).isEqualTo(486);
        }
    }

    private static SendLargeMessageCommand command(String correlationId, String device, byte[] content) {
        return new SendLargeMessageCommand(
                correlationId,
                "redelivery",
                "sip:bob@example.com",
                device,
                "<sip:alice@example.com>",
                "<sip:bob@example.com>",
                List.of(
                        new SipHeader("Conversation-ID", "conv-1"),
                        new SipHeader("Accept-Contact", "*;+g.oma.sip-im.large-message"),
                        new SipHeader("Session-Expires", "1800")),
                "message/cpim",
                content);
    }

    /** What the policy service sends when alice's message is to be deferred by preference. */
    private static DeferLargeMessageCommand deferNow(InboundMessage published) {
        return new DeferLargeMessageCommand(
                published.correlationId(), "sip:alice@example.com", deferral(MessageDeferred.Reason.PREFERENCE));
    }

    private static MessageDeferred.Terms deferral(MessageDeferred.Reason reason) {
        return new MessageDeferred.Terms(Instant.now().plus(Duration.ofDays(7)), reason);
    }
}
