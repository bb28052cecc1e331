package net.cpmpf.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.sip.message.Request;
import javax.sip.message.Response;
import net.cpmpf.msrp.MsrpRequest;
import net.cpmpf.msrp.MsrpResponse;
import net.cpmpf.msrp.MsrpUri;
import net.cpmpf.sipedge.largemessage.MsrpTestPeer;
import net.cpmpf.sipedge.largemessage.SipTestUa;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Deferral of a large message through the whole local stack (CR 8.3.2.1.1, 8.3.2.3, 8.3.2.4.x), driven only through
 * SIP, MSRP, IMAP and the HTTP API, with the edge's Java test UAs (JAIN-SIP and our MSRP codec) on both ends: bob's
 * only device refuses the INVITE, so the PF itself takes 5 MB over MSRP, keeps them in bob's message store, lists them
 * as deferred and tells the device; when the device comes back able to take them, the PF sends them to it as INVITE +
 * MSRP, byte-exact, and lets them go.
 */
class LargeMessageIT {

    private static final Path LOG = Path.of("target/large-message-it.log");
    private static final int EDGE_SIP_PORT = 5060;
    private static final int EDGE_MSRP_PORT = 2855;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int SIZE = 5 * 1024 * 1024;
    private static final int CHUNK = 256 * 1024;
    /** The edge's default cpm.edge.large-message.delivery-chunk-size. */
    private static final int DELIVERY_CHUNK = 256 * 1024;
    /** The edge's default cpm.edge.large-message.max-deferred-size, which its SDP offers as a=max-size. */
    private static final long MAX_DEFERRED = 10 * 1024 * 1024;

    private static final String LARGE_MESSAGE_TAG = "+g.oma.sip-im.large-message";
    private static final Pattern MESSAGE_URI_ID = Pattern.compile("<message-uri-id>([^<]+)</message-uri-id>");

    @RegisterExtension
    static final LocalStackProcess.PerClass STACK = new LocalStackProcess.PerClass(LOG);

    // A user of this run only: a redis-server that was already running keeps what earlier runs deferred.
    private final String user = "bob" + UUID.randomUUID().toString().substring(0, 8);
    private final String aor = "sip:" + user + "@example.com";
    private final String instance = "urn:uuid:" + UUID.randomUUID();
    /** A CPM client taking pager and large messages, as its Contact shows (RFC 3840 feature tags). */
    private final String deviceParameters = "+sip.instance=\"<" + instance + ">\";+g.oma.sip-im;" + LARGE_MESSAGE_TAG;

    @Test
    void fiveMegabytesNoDeviceTakesAreKeptNotifiedAndLaterDeliveredByteExact() throws Exception {
        byte[] content = cpimMessage(SIZE);
        String messageUriId;
        try (var busyPhone =
                        new SipTestUa(user, invite -> new SipTestUa.Answer(486, Duration.ZERO, null), EDGE_SIP_PORT);
                var alicesMedia = MsrpTestPeer.connecting();
                var alice = new SipTestUa("alice", invite -> null, EDGE_SIP_PORT)) {
            register(busyPhone);

            alice.invite(aor, MsrpTestPeer.offer(alicesMedia.uri), List.of("Accept-Contact: *;" + LARGE_MESSAGE_TAG));

            Request forked = busyPhone.next("INVITE", WAIT);
            assertThat(SipTestUa.header(forked, "Accept-Contact")).contains(LARGE_MESSAGE_TAG);
            assertThat(SipTestUa.body(forked)).contains("TCP/MSRP", "a=setup:active");
            Response ok = alice.finalResponse(WAIT);
            assertThat(ok.getStatusCode())
                    .as("the PF answers for the busy device")
                    .isEqualTo(200);
            String answer = SipTestUa.body(ok);
            List<MsrpUri> path = MsrpTestPeer.pathOf(answer);
            assertThat(path)
                    .as("the PF alone: it is the endpoint")
                    .singleElement()
                    .satisfies(uri -> assertThat(uri.port()).isEqualTo(EDGE_MSRP_PORT));
            assertThat(answer)
                    .contains(
                            "m=message " + EDGE_MSRP_PORT + " TCP/MSRP *",
                            "a=accept-types:message/cpim",
                            "a=max-size:" + MAX_DEFERRED,
                            "a=recvonly",
                            "a=setup:passive");
            assertThat(SipTestUa.header(ok, "Server")).startsWith("CPM-serv/OMA2.0");
            alice.ack(ok);

            alicesMedia.connect(path.get(0));
            alicesMedia.send(content, path, CHUNK);
            int chunks = (SIZE + CHUNK - 1) / CHUNK;
            for (int i = 0; i < chunks; i++) {
                MsrpResponse response = alicesMedia.responses.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(response)
                        .as("response to chunk %d of %d", i + 1, chunks)
                        .isNotNull();
                assertThat(response.status()).as("chunk %d", i + 1).isEqualTo(200);
                assertThat(response.toPath()).containsExactly(alicesMedia.uri);
            }
            MsrpRequest report = alicesMedia.reports.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(report).as("success REPORT").isNotNull();
            assertThat(report.headers().status().orElseThrow().code()).isEqualTo(200);
            assertThat(report.headers().byteRange().orElseThrow().toString()).isEqualTo("1-" + SIZE + "/" + SIZE);
            alice.bye();
            assertThat(alice.finalResponse(WAIT).getStatusCode()).isEqualTo(200);

            Request notification = busyPhone.next("MESSAGE", WAIT);
            assertThat(SipTestUa.header(notification, "Content-Type"))
                    .isEqualTo("application/vnd.oma.im.deferred-list+xml");
            assertThat(SipTestUa.header(notification, "Accept-Contact")).contains("+g.oma.cpm.system-message");
            String list = SipTestUa.body(notification);
            DeferralIT.assertValidDeferredList(list);
            var id = MESSAGE_URI_ID.matcher(list);
            assertThat(id.find()).as(list).isTrue();
            messageUriId = id.group(1);
            assertThat(list)
                    .contains(
                            "<recipient>" + aor + "</recipient>",
                            "<size>" + SIZE + "</size>",
                            "<content-type>message/cpim</content-type>");
        }

        assertThat(deferred()).as("the defer service lists it").singleElement().satisfies(message -> {
            assertThat(message).containsEntry("messageUriId", messageUriId);
            assertThat(message).containsEntry("size", SIZE);
            assertThat(message).containsEntry("contentType", "message/cpim");
            assertThat(message).containsEntry("reason", "ALL_FORKS_FAILED");
        });
        try (Store store = imap()) {
            Message[] kept = deferredFolder(store);
            assertThat(kept).as("the content in bob's message store").hasSize(1);
            assertThat(kept[0].getHeader("Message-ID"))
                    .containsExactly("<" + messageUriId + "@deferred.cpm-pf.invalid>");
            assertThat(kept[0].getHeader("Message-Content-Type")).containsExactly("message/cpim");
            try (InputStream decoded = kept[0].getInputStream()) {
                assertThat(decoded.readAllBytes()).as("stored byte-exact").isEqualTo(content);
            }
        }

        // The device comes back (same instance, new contact), now able to take the message.
        try (var media = MsrpTestPeer.listening();
                var phone = new SipTestUa(
                        user,
                        invite -> new SipTestUa.Answer(200, Duration.ZERO, MsrpTestPeer.clientAnswer(media.uri)),
                        EDGE_SIP_PORT)) {
            register(phone);

            Request invite = phone.next("INVITE", WAIT);
            assertThat(SipTestUa.header(invite, "Accept-Contact")).contains(LARGE_MESSAGE_TAG);
            assertThat(SipTestUa.header(invite, "From")).contains("sip:alice@example.com");
            String offer = SipTestUa.body(invite);
            assertThat(offer).contains("a=setup:active", "a=sendonly", "a=accept-types:message/cpim");
            assertThat(MsrpTestPeer.pathOf(offer)).singleElement().satisfies(uri -> assertThat(uri.port())
                    .isEqualTo(EDGE_MSRP_PORT));
            phone.next("ACK", WAIT);
            phone.next("BYE", WAIT);

            assertThat(media.completeMessages).as("one complete message").hasValue(1);
            assertThat(media.received.toByteArray()).as("delivered byte-exact").isEqualTo(content);
            assertThat(media.sends)
                    .as("chunks of the edge's delivery-chunk-size")
                    .hasSize(SIZE / DELIVERY_CHUNK)
                    .allSatisfy(send -> assertThat(send.toPath()).containsExactly(media.uri));
            assertThat(media.sends.stream()
                            .map(send -> send.headers().messageId().orElseThrow()))
                    .as("chunks of one message")
                    .containsOnly(media.sends.get(0).headers().messageId().orElseThrow());

            Awaitility.await("the defer service lets the message go")
                    .atMost(WAIT)
                    .until(() -> deferred().isEmpty());
            Awaitility.await("the IMAP copy is removed").atMost(WAIT).until(() -> {
                try (Store store = imap()) {
                    return deferredFolder(store).length == 0;
                }
            });
            assertThat(phone.register(aor, deviceParameters, 0, WAIT).getStatusCode())
                    .isEqualTo(200);
        }
    }

    private void register(SipTestUa device) throws Exception {
        assertThat(device.register(aor, deviceParameters, 600, WAIT).getStatusCode())
                .isEqualTo(200);
        Awaitility.await(user + "'s device in the delivery service's GRUU cache")
                .atMost(WAIT)
                .until(() -> LabDevices.registrations(user).contains("127.0.0.1:" + device.port));
    }

    /** A CPIM message (RFC 3862) of exactly {@code size} bytes whose content is random bytes. */
    private static byte[] cpimMessage(int size) {
        byte[] head = ("From: <sip:alice@example.com>\r\n"
                        + "To: <sip:bob@example.com>\r\n"
                        + "DateTime: 2026-11-24T06:00:00Z\r\n"
                        + "\r\n"
                        + "Content-Type: application/octet-stream\r\n"
                        + "\r\n")
                .getBytes(UTF_8);
        byte[] message = new byte[size];
        new Random(7).nextBytes(message);
        System.arraycopy(head, 0, message, 0, head.length);
        return message;
    }

    /** What the defer service's API lists for the user. */
    private List<Map<String, Object>> deferred() throws Exception {
        var response = LocalStackProcess.http(
                "GET", "http://127.0.0.1:8083/api/v1/users/sip%3A" + user + "%40example.com/deferred", null, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JsonPath.read(response.body(), "$.messages");
    }

    /** The user's message store in the local GreenMail, logged in as the delivery service does. */
    private Store imap() throws Exception {
        var properties = new Properties();
        // The content is read whole: in one FETCH, not in 16 KB round trips.
        properties.setProperty("mail.imap.partialfetch", "false");
        Store store = Session.getInstance(properties).getStore("imap");
        store.connect("127.0.0.1", 3143, user + "@example.com", "cpm");
        return store;
    }

    private static Message[] deferredFolder(Store store) throws Exception {
        Folder folder = store.getFolder("Deferred");
        if (!folder.exists()) {
            return new Message[0];
        }
        folder.open(Folder.READ_ONLY);
        return folder.getMessages();
    }
}
