package net.cpmpf.notification.notice;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import net.cpmpf.events.InboundMessage;
import net.cpmpf.events.MessageDeferred;
import net.cpmpf.events.ReplyAddress;
import net.cpmpf.events.SendRequestCommand;
import net.cpmpf.events.SipHeader;
import net.cpmpf.events.StoredContent;
import net.cpmpf.events.Topics;
import net.cpmpf.notification.deferredlist.DeferredListSchema;
import net.cpmpf.notification.system.NotificationProperties;
import org.junit.jupiter.api.Test;

class SystemMessagesTest {

    private static final NotificationProperties DEFAULTS = new NotificationProperties(
            "sip:cpm-pf@127.0.0.1",
            "sip:iwf@127.0.0.1:5080",
            "*;+g.oma.cpm.system-message",
            "CPM-serv/OMA2.0 cpm-pf/0.1",
            100,
            true);

    private final SystemMessages messages = new SystemMessages(DEFAULTS);

    static MessageDeferred deferred(String id, String sender, String from) {
        var message = new InboundMessage(
                id,
                new ReplyAddress(Topics.EDGE_COMMANDS, 4),
                Instant.parse("2025-03-01T10:15:30Z"),
                "sip:bob@example.com",
                "sip:bob@example.com",
                from,
                "<sip:bob@example.com>",
                "call-" + id,
                List.of(),
                "text/plain",
                "hello".getBytes(UTF_8),
                List.of());
        return new MessageDeferred(
                id, message, sender, Instant.parse("2025-03-08T10:15:30Z"), MessageDeferred.Reason.PREFERENCE);
    }

    @Test
    void notificationToARegisteredUserIsASystemMessageToTheirAddress() throws Exception {
        var command = messages.notification(deferred("m-1", "sip:alice@example.com", "<sip:alice@example.com>"), true);

        assertThat(command.correlationId()).isEqualTo("notification:m-1");
        assertThat(command.purpose()).isEqualTo("notification");
        assertThat(command.key()).isEqualTo("sip:bob@example.com");
        assertThat(command.method()).isEqualTo("MESSAGE");
        assertThat(command.requestUri()).isEqualTo("sip:bob@example.com");
        assertThat(command.from()).isEqualTo("sip:cpm-pf@127.0.0.1");
        assertThat(command.to()).isEqualTo("sip:bob@example.com");
        assertThat(command.headers())
                .containsExactly(
                        new SipHeader("Accept-Contact", "*;+g.oma.cpm.system-message"),
                        new SipHeader("P-Asserted-Identity", "<sip:cpm-pf@127.0.0.1>"),
                        new SipHeader("Server", "CPM-serv/OMA2.0 cpm-pf/0.1"));
        assertThat(command.contentType()).isEqualTo("application/vnd.oma.im.deferred-list+xml");
        assertDocument(command, "deferred", "<message-uri-id>m-1</message-uri-id>");
        assertThat(new String(command.body(), UTF_8)).contains("<size>5</size>");
    }

    @Test
    void aDeferredLargeMessageIsDescribedByItsStoredContentNotByTheInvitesSdp() throws Exception {
        var deferred = deferred("m-9", "sip:alice@example.com", "<sip:alice@example.com>")
                .withContent(new StoredContent("message/cpim", 5_242_880, "Deferred", "<m-9@deferred.cpm-pf.invalid>"));

        var command = messages.notification(deferred, true);

        assertDocument(command, "deferred", "<message-uri-id>m-9</message-uri-id>");
        assertThat(new String(command.body(), UTF_8))
                .contains("<size>5242880</size>", "<content-type>message/cpim</content-type>")
                .doesNotContain("text/plain");
    }

    @Test
    void notificationWithoutARegisteredClientGoesToTheIwf() throws Exception {
        var command = messages.notification(deferred("m-2", null, "<sip:alice@example.com>"), false);

        assertThat(command.requestUri()).isEqualTo("sip:iwf@127.0.0.1:5080");
        assertThat(command.to()).isEqualTo("sip:bob@example.com");
        assertThat(command.correlationId()).isEqualTo("notification:m-2");
        assertDocument(command, "deferred", "<anonymous/>");
    }

    @Test
    void iwfFallbackHasItsOwnCorrelationId() throws Exception {
        var command = messages.iwfFallback(deferred("m-3", "sip:alice@example.com", "<sip:alice@example.com>"));

        assertThat(command.correlationId()).isEqualTo("notification-iwf:m-3");
        assertThat(command.purpose()).isEqualTo("notification");
        assertThat(command.requestUri()).isEqualTo("sip:iwf@127.0.0.1:5080");
        assertDocument(command, "deferred", "<message-uri-id>m-3</message-uri-id>");
    }

    @Test
    void expiryNoticeGoesToTheAuthenticatedSender() throws Exception {
        var command = messages.expiryNotice(
                        deferred("m-4", "sip:alice@example.com", "\"Mallory\" <sip:mallory@example.com>;tag=1"))
                .orElseThrow();

        assertThat(command.correlationId()).isEqualTo("expiry-notice:m-4");
        assertThat(command.purpose()).isEqualTo("expiry-notice");
        assertThat(command.requestUri()).isEqualTo("sip:alice@example.com");
        assertThat(command.to()).isEqualTo("sip:alice@example.com");
        assertThat(command.key()).isEqualTo("sip:bob@example.com");
        assertDocument(command, "expired", "<sender>sip:alice@example.com</sender>");
    }

    @Test
    void expiryNoticeFallsBackToTheFromUriButNeverToAnAnonymousOne() {
        assertThat(messages.expiryNotice(deferred("m-5", null, "\"Carol\" <sip:Carol@Example.COM;transport=tcp>;tag=9"))
                        .orElseThrow()
                        .requestUri())
                .isEqualTo("sip:Carol@example.com");
        assertThat(messages.expiryNotice(deferred("m-6", null, "<sip:anonymous@anonymous.invalid>;tag=9")))
                .isEmpty();
        assertThat(messages.expiryNotice(deferred("m-7", null, "not a uri"))).isEmpty();
        assertThat(messages.expiryNotice(deferred("m-8", null, null))).isEmpty();
    }

    @Test
    void theIcsiFormOfAcceptContactIsCarriedAsConfigured() {
        String icsi = "*;+g.3gpp.icsi-ref=\"urn%3Aurn-7%3A3gpp-service.ims.icsi.oma.cpm.systemmsg\"";
        var properties =
                new NotificationProperties(DEFAULTS.identity(), DEFAULTS.iwfUri(), icsi, DEFAULTS.server(), 100, true);

        var command = new SystemMessages(properties).notification(deferred("m-9", null, null), true);

        assertThat(command.headers()).contains(new SipHeader("Accept-Contact", icsi));
    }

    private static void assertDocument(SendRequestCommand command, String state, String contains) throws Exception {
        DeferredListSchema.validate(command.body());
        assertThat(new String(command.body(), UTF_8))
                .contains("state=\"" + state + "\"")
                .contains(contains);
    }
}
