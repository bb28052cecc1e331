package net.cpmpf.delivery.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import net.cpmpf.delivery.store.StoredMessage.Direction;
import net.cpmpf.events.SipHeader;
import org.junit.jupiter.api.Test;

class StoredMessageFormatTest {

    private static final Instant AT = Instant.parse("2025-06-03T11:05:30Z");

    @Test
    void wrapsTheBodyAndCopiesTheCpmHeadersWhateverTheirCaseInSip() {
        var message = message(
                "text/plain;charset=UTF-8",
                "Hello Bob".getBytes(UTF_8),
                new SipHeader("subject", "Lunch?"),
                new SipHeader("conversation-id", "conv-1"),
                new SipHeader("Contribution-ID", "contrib-1"),
                new SipHeader("IMDN-Message-ID", "Xs8Ahz5"),
                new SipHeader("Expires", "60"));

        assertThat(new String(StoredMessageFormat.format(message), UTF_8))
                .isEqualTo("From: <sip:alice@example.com>\r\n"
                        + "To: <sip:bob@example.com>\r\n"
                        + "Date: Tue, 3 Jun 2025 11:05:30 +0000\r\n"
                        + "Subject: Lunch?\r\n"
                        + "Message-ID: <Xs8Ahz5@example.com>\r\n"
                        + "Conversation-ID: conv-1\r\n"
                        + "Contribution-ID: contrib-1\r\n"
                        + "IMDN-Message-ID: Xs8Ahz5\r\n"
                        + "Message-Direction: received\r\n"
                        + "Message-Context: pager-message\r\n"
                        + "MIME-Version: 1.0\r\n"
                        + "Content-Type: message/cpim\r\n"
                        + "\r\n"
                        + "From: <sip:alice@example.com>\r\n"
                        + "To: <sip:bob@example.com>\r\n"
                        + "DateTime: 2025-06-03T11:05:30Z\r\n"
                        + "\r\n"
                        + "Content-Type: text/plain;charset=UTF-8\r\n"
                        + "Content-Length: 9\r\n"
                        + "\r\n"
                        + "Hello Bob");
    }

    @Test
    void headersTheRequestDidNotHaveAreLeftOut() {
        var message = message("text/plain", "Hi".getBytes(UTF_8), new SipHeader("InReplyTo-Contribution-ID", "c0"));

        String formatted = new String(StoredMessageFormat.format(message), UTF_8);

        String headers = formatted.substring(0, formatted.indexOf("\r\n\r\n") + 2);
        assertThat(headers)
                .matches("From: <sip:alice@example.com>\r\n"
                        + "To: <sip:bob@example.com>\r\n"
                        + "Date: Tue, 3 Jun 2025 11:05:30 \\+0000\r\n"
                        + "Message-ID: <[0-9a-f-]{36}@example.com>\r\n"
                        + "InReplyTo-Contribution-ID: c0\r\n"
                        + "Message-Direction: received\r\n"
                        + "Message-Context: pager-message\r\n"
                        + "MIME-Version: 1.0\r\n"
                        + "Content-Type: message/cpim\r\n");
    }

    @Test
    void aCpimBodyIsStoredUnchanged() {
        byte[] cpim = ("From: <sip:alice@example.com>\r\n"
                        + "To: <sip:bob@example.com>\r\n"
                        + "NS: imdn <urn:ietf:params:imdn#>\r\n"
                        + "imdn.Message-ID: 34jk324j\r\n"
                        + "\r\n"
                        + "Content-Type: text/plain\r\n"
                        + "\r\n"
                        + "Hi")
                .getBytes(UTF_8);

        byte[] formatted = StoredMessageFormat.format(message("Message/CPIM", cpim));

        String text = new String(formatted, UTF_8);
        int bodyStart = text.indexOf("\r\n\r\n") + 4;
        assertThat(Arrays.copyOfRange(formatted, bodyStart, formatted.length)).isEqualTo(cpim);
        assertThat(text.substring(0, bodyStart)).endsWith("Content-Type: message/cpim\r\n\r\n");
    }

    @Test
    void eightBitBodiesAreLabelled() {
        String formatted =
                new String(StoredMessageFormat.format(message("text/plain", "Grüße".getBytes(UTF_8))), UTF_8);

        assertThat(formatted).contains("Content-Type: message/cpim\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
        assertThat(formatted).endsWith("\r\n\r\nGrüße");
    }

    @Test
    void aNonAsciiSubjectIsEncodedAndLineBreaksInValuesAreNeutralised() {
        var message = message(
                "text/plain",
                "x".getBytes(UTF_8),
                new SipHeader("Subject", "Grüße"),
                new SipHeader("Conversation-ID", "c1\r\nBcc: mallory@example.com"));

        String formatted = new String(StoredMessageFormat.format(message), UTF_8);

        assertThat(formatted)
                .contains("\r\nSubject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\r\n")
                .contains("\r\nConversation-ID: c1  Bcc: mallory@example.com\r\n")
                .doesNotContain("\r\nBcc:");
    }

    @Test
    void aSentMessageSaysSo() {
        var sent = new StoredMessage(
                "sip:bob@example.com",
                "sip:alice@example.com",
                AT,
                "text/plain",
                new byte[0],
                List.of(),
                Direction.SENT,
                null);

        assertThat(new String(StoredMessageFormat.format(sent), UTF_8)).contains("\r\nMessage-Direction: sent\r\n");
    }

    @Test
    void theMessageIdIsTheImdnIdWhenItIsUsable() {
        assertThat(StoredMessageFormat.messageId(message("text/plain", new byte[0], imdn("abc@host.example"))))
                .isEqualTo("<abc@host.example>");
        assertThat(StoredMessageFormat.messageId(
                        withSender(message("text/plain", new byte[0], imdn("abc")), "tel:+4711")))
                .isEqualTo("<abc@cpm-pf.invalid>");
        assertThat(StoredMessageFormat.messageId(message("text/plain", new byte[0], imdn("a b <c>"))))
                .doesNotContain("a b")
                .matches("<[0-9a-f-]{36}@example.com>");
    }

    @Test
    void aDerivedMessageIdIsTheSameForTheSameMessageOnly() {
        var one = message("text/plain", "one".getBytes(UTF_8));

        assertThat(StoredMessageFormat.messageId(one))
                .isEqualTo(StoredMessageFormat.messageId(message("text/plain", "one".getBytes(UTF_8))))
                .isNotEqualTo(StoredMessageFormat.messageId(message("text/plain", "two".getBytes(UTF_8))))
                .isNotEqualTo(StoredMessageFormat.messageId(withSender(one, "sip:carol@example.com")));
    }

    private static StoredMessage withSender(StoredMessage m, String sender) {
        return new StoredMessage(
                m.user(), sender, m.receivedAt(), m.contentType(), m.body(), m.headers(), m.direction(), null);
    }

    private static SipHeader imdn(String id) {
        return new SipHeader("IMDN-Message-ID", id);
    }

    private static StoredMessage message(String contentType, byte[] body, SipHeader... headers) {
        return new StoredMessage(
                "sip:bob@example.com",
                "sip:alice@example.com",
                AT,
                contentType,
                body,
                List.of(headers),
                Direction.RECEIVED,
                null);
    }
}
