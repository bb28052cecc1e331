package net.cpmpf.sipedge.largemessage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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
 * Interop with an MSRP relay we did not write: Kamailio's msrp module (RFC 4976), a real process, stands on both sides
 * of the edge's MSRP node. The originator and the client each bind their connection to it with a Digest-authenticated
 * AUTH and put the Use-Path it returns in front of their SDP path, as RFC 4976 §5 has clients of a relay do; the edge
 * then meets Kamailio as the originator's previous hop (Kamailio connects to the PF) and as the client's next hop (the
 * PF connects to Kamailio). A 1 MB message in 8 KB chunks (Kamailio relays frames of at most 10 KB of body) must
 * arrive byte-exact, every chunk answered, and the REPORT come back through Kamailio twice. The paths seen at the ends
 * and Kamailio's own log of each frame show that nothing bypassed it. The setup is LargeMessageRelayIT's: a real
 * broker, the test playing policy and delivery.
 */
class KamailioMsrpRelayIT {

    private static final Duration WAIT = EdgeUnderTest.WAIT;
    private static final int CHUNK = 8 * 1024;
    private static final List<String> LARGE_MESSAGE = List.of(
            "Accept-Contact: *;+g.oma.sip-im.large-message", "Session-Expires: 1800;refresher=uac", "Supported: timer");

    private static EdgeUnderTest edge;
    private static KamailioMsrpRelay kamailio;

    @BeforeAll
    static void start() throws Exception {
        kamailio = KamailioMsrpRelay.start();
        edge = EdgeUnderTest.start(List.of(Topics.INBOUND_MESSAGES), "--cpm.edge.backbone.reply-partition=1");
    }

    @AfterAll
    static void stop() throws Exception {
        if (edge != null) {
            edge.close();
        }
        if (kamailio != null) {
            kamailio.close();
        }
    }

    @AfterEach
    void edgeHoldsNothing() {
        edge.assertHoldsNothing();
    }

    @Test
    void aMegabyteCrossesKamailioOnBothSidesOfThePf() throws Exception {
        byte[] content = new byte[1024 * 1024];
        new Random(4976).nextBytes(content);
        int chunks = content.length / CHUNK;
        try (var bobsMedia = MsrpTestPeer.connecting();
                var alicesMedia = MsrpTestPeer.connecting()) {
            bobsMedia.connect(kamailio.uri());
            MsrpUri bobsRelay = kamailio.authenticate(bobsMedia, "bob", KamailioMsrpRelay.PASSWORD, WAIT);
            alicesMedia.connect(kamailio.uri());
            MsrpUri alicesRelay = kamailio.authenticate(alicesMedia, "alice", KamailioMsrpRelay.PASSWORD, WAIT);
            assertThat(List.of(alicesRelay, bobsRelay))
                    .allSatisfy(u -> assertThat(u.port()).isEqualTo(kamailio.port()))
                    .doesNotHaveDuplicates();

            List<MsrpUri> bobsPath = List.of(bobsRelay, bobsMedia.uri);
            try (var bob = new SipTestUa(
                            "bob",
                            invite -> new SipTestUa.Answer(200, Duration.ZERO, sdp("bob", bobsPath, "recvonly")));
                    var alice = new SipTestUa("alice", invite -> null, edge.sipPort)) {
                alice.invite(
                        "sip:bob@example.com",
                        sdp("alice", List.of(alicesRelay, alicesMedia.uri), "sendonly"),
                        LARGE_MESSAGE);
                InboundMessage published = edge.next(InboundMessage.class);
                edge.answer(
                        published,
                        new ForkCommand(
                                published.correlationId(),
                                List.of(new ForkTarget(bob.uri(), "urn:uuid:1")),
                                null,
                                "sip:alice@example.com",
                                false));
                Response ok = alice.finalResponse(WAIT);
                assertThat(ok.getStatusCode()).isEqualTo(200);
                alice.ack(ok);
                List<MsrpUri> answerPath = pathOf(SipTestUa.body(ok));
                assertThat(answerPath).hasSize(3).endsWith(bobsRelay, bobsMedia.uri);
                MsrpUri pfUp = answerPath.get(0);
                MsrpUri pfDown =
                        pathOf(SipTestUa.body(bob.next("INVITE", WAIT))).get(0);
                bob.next("ACK", WAIT);

                List<MsrpUri> toPath = new ArrayList<>();
                toPath.add(alicesRelay);
                toPath.addAll(answerPath);
                alicesMedia.send(content, toPath, CHUNK);

                for (int i = 0; i < chunks; i++) {
                    MsrpResponse response = alicesMedia.responses.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                    assertThat(response).as("200 for chunk " + i).isNotNull();
                    assertThat(response.status()).isEqualTo(200);
                    // Responses are hop by hop (RFC 4976 §7.3): Alice's next hop, Kamailio, answers her.
                    assertThat(response.fromPath()).containsExactly(alicesRelay);
                }
                MsrpRequest report = alicesMedia.reports.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                assertThat(report)
                        .as("success REPORT back through both relays and the PF")
                        .isNotNull();
                assertThat(report.headers().status().orElseThrow().code()).isEqualTo(200);
                assertThat(report.headers().byteRange().orElseThrow().toString())
                        .isEqualTo("1-" + content.length + "/" + content.length);
                assertThat(report.toPath()).containsExactly(alicesMedia.uri);
                assertThat(report.fromPath()).containsExactly(alicesRelay, pfUp, bobsRelay, bobsMedia.uri);

                Awaitility.await().atMost(WAIT).until(() -> bobsMedia.completeMessages.get() == 1);
                assertThat(bobsMedia.sends).hasSize(chunks);
                assertThat(bobsMedia.sends.get(0).toPath()).containsExactly(bobsMedia.uri);
                assertThat(bobsMedia.sends.get(0).fromPath())
                        .containsExactly(bobsRelay, pfDown, alicesRelay, alicesMedia.uri);
                assertThat(bobsMedia.received.toByteArray()).isEqualTo(content);

                // Kamailio's own account of the session: every chunk in from Alice and in from the PF, relayed on,
                // answered by it, and the PF's and Bob's answers ending there; the REPORT once from Bob, once from
                // the PF.
                Awaitility.await().atMost(WAIT).untilAsserted(() -> {
                    List<String> frames = kamailio.frames();
                    assertThat(frames.stream()
                                    .filter(f -> f.startsWith("request SEND") && f.contains("to=" + alicesRelay)))
                            .hasSize(chunks);
                    assertThat(frames.stream()
                                    .filter(f -> f.startsWith("request SEND") && f.contains("to=" + bobsRelay)))
                            .hasSize(chunks);
                    assertThat(frames.stream().filter(f -> f.startsWith("relayed SEND")))
                            .hasSize(2 * chunks);
                    assertThat(frames.stream().filter(f -> f.startsWith("response 200")))
                            .hasSize(2 * chunks);
                    assertThat(frames.stream()
                                    .filter(f -> f.startsWith("request REPORT") && f.contains("to=" + bobsRelay)))
                            .hasSize(1);
                    assertThat(frames.stream()
                                    .filter(f -> f.startsWith("request REPORT") && f.contains("to=" + alicesRelay)))
                            .hasSize(1);
                    assertThat(frames.stream().filter(f -> f.startsWith("relayed REPORT")))
                            .hasSize(2);
                    assertThat(frames)
                            .noneMatch(f -> f.startsWith("forwarding failed") || f.startsWith("unknown session"));
                });

                alice.bye();
                assertThat(alice.finalResponse(WAIT).getStatusCode()).isEqualTo(200);
                bob.next("BYE", WAIT);
            }
        }
    }

    @Test
    void kamailioRefusesToBindAConnectionWithoutTheRightCredentials() throws Exception {
        try (var mallory = MsrpTestPeer.connecting()) {
            mallory.connect(kamailio.uri());
            assertThatThrownBy(() -> kamailio.authenticate(mallory, "mallory", "guessed", WAIT))
                    .isInstanceOfSatisfying(KamailioMsrpRelay.AuthRefused.class, refused -> assertThat(refused.status)
                            .isEqualTo(401));
        }
    }

    private static byte[] sdp(String user, List<MsrpUri> path, String direction) {
        return ("v=0\r\n"
                        + "o=" + user + " 1 1 IN IP4 127.0.0.1\r\n"
                        + "s=-\r\n"
                        + "c=IN IP4 127.0.0.1\r\n"
                        + "t=0 0\r\n"
                        + "m=message " + path.get(0).port() + " TCP/MSRP *\r\n"
                        + "a=accept-types:message/cpim\r\n"
                        + "a=path:" + MsrpUri.formatPath(path) + "\r\n"
                        + "a=" + direction + "\r\n"
                        // Each end connects to its relay; towards the PF the originator is active, the client passive.
                        + "a=setup:" + (direction.equals("sendonly") ? "active" : "passive") + "\r\n")
                .getBytes(UTF_8);
    }

    private static List<MsrpUri> pathOf(String sdp) throws Exception {
        String line =
                sdp.lines().filter(l -> l.startsWith("a=path:")).findFirst().orElseThrow();
        return MsrpUri.parsePath(line.substring(7));
    }
}
