package net.cpmpf.delivery.store;

import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayOutputStream;
import java.io.UnsupportedEncodingException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns a {@link StoredMessage} into the RFC 5322 message that OMA CPM Message Storage keeps: its own headers
 * ({@code Message-Direction}, {@code Message-Context}, the CPM identifiers of the SIP request) over a
 * {@code message/cpim} body. No I/O: the bytes go to {@code APPEND} as they are.
 *
 * <p>A body that already is {@code message/cpim} is kept as received. RFC 3862 wants CRLF lines and a binary payload
 * in a transfer encoding; where a sender ignored that, {@code APPEND} turns its bare CR or LF into CRLF.
 */
final class StoredMessageFormat {

    /** CPM identifiers copied from the SIP request when it has them, in this order. */
    static final List<String> COPIED_HEADERS =
            List.of("Conversation-ID", "Contribution-ID", "InReplyTo-Contribution-ID", "IMDN-Message-ID");

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss xx", Locale.US)
            .withZone(ZoneOffset.UTC);

    private StoredMessageFormat() {}

    static byte[] format(StoredMessage message) {
        byte[] body = CpimWrapper.CPIM.equalsIgnoreCase(mediaType(message.contentType()))
                ? message.body()
                : CpimWrapper.wrap(
                        message.sender(), message.user(), message.receivedAt(), message.contentType(), message.body());
        var headers = new StringBuilder();
        header(headers, "From", "<" + message.sender() + ">");
        header(headers, "To", "<" + message.user() + ">");
        header(headers, "Date", DATE.format(message.receivedAt()));
        message.header("Subject").ifPresent(subject -> header(headers, "Subject", encoded(subject)));
        header(headers, "Message-ID", messageId(message));
        for (String name : COPIED_HEADERS) {
            message.header(name).ifPresent(value -> header(headers, name, value));
        }
        header(headers, "Message-Direction", message.direction().headerValue());
        header(headers, "Message-Context", "pager-message");
        header(headers, "MIME-Version", "1.0");
        header(headers, "Content-Type", CpimWrapper.CPIM);
        if (has8bit(body)) {
            header(headers, "Content-Transfer-Encoding", "8bit");
        }
        headers.append("\r\n");
        var out = new ByteArrayOutputStream(headers.length() + body.length);
        out.writeBytes(headers.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /**
     * The IMDN-Message-ID (RFC 5438) names the message uniquely for its sender, so it becomes the id's left part with
     * the sender's host on the right. Without one, the PF's correlation id names it (the same for every copy of the
     * originator's transaction, even one a restarted edge received), else an id derived from the message itself. The
     * same message stored again thus has the same id, which {@link MessageStore} looks up before appending.
     */
    static String messageId(StoredMessage message) {
        String left = message.header("IMDN-Message-ID")
                .map(CpimWrapper::oneLine)
                .map(String::strip)
                .filter(StoredMessageFormat::fitsMessageId)
                .or(() -> Optional.ofNullable(message.correlationId()).filter(StoredMessageFormat::fitsMessageId))
                .orElseGet(() -> derivedId(message));
        return "<" + (left.contains("@") ? left : left + "@" + host(message.sender())) + ">";
    }

    private static boolean fitsMessageId(String id) {
        return !id.isEmpty() && id.chars().allMatch(c -> c > ' ' && c < 127 && c != '<' && c != '>');
    }

    private static String derivedId(StoredMessage message) {
        byte[] identity = (message.sender() + "\n" + message.user() + "\n" + message.receivedAt() + "\n")
                .getBytes(StandardCharsets.UTF_8);
        var all = ByteBuffer.allocate(identity.length + message.body().length)
                .put(identity)
                .put(message.body());
        return UUID.nameUUIDFromBytes(all.array()).toString();
    }

    private static String host(String uri) {
        int at = uri.lastIndexOf('@');
        String host = at < 0 ? "" : uri.substring(at + 1).split("[;?>:]", 2)[0];
        return host.matches("[A-Za-z0-9.-]+") ? host.toLowerCase(Locale.ROOT) : "cpm-pf.invalid";
    }

    private static String mediaType(String contentType) {
        return contentType == null ? "" : contentType.split(";", 2)[0].strip();
    }

    /**
     * A SIP Subject is UTF-8; mail clients expect RFC 2047 encoded words there. The other headers are identifiers and
     * URIs, ASCII in practice, and are written as they came (UTF-8, as RFC 6532 allows).
     */
    private static String encoded(String text) {
        try {
            return MimeUtility.encodeText(CpimWrapper.oneLine(text), "UTF-8", null);
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is always supported", e);
        }
    }

    private static void header(StringBuilder headers, String name, String value) {
        headers.append(name).append(": ").append(CpimWrapper.oneLine(value)).append("\r\n");
    }

    private static boolean has8bit(byte[] body) {
        for (byte b : body) {
            if (b < 0) {
                return true;
            }
        }
        return false;
    }
}
