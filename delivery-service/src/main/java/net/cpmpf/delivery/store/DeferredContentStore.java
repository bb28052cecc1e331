package net.cpmpf.delivery.store;

import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.HeaderTerm;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import net.cpmpf.events.CpmAddress;
import net.cpmpf.events.LargeMessageDeferred;
import net.cpmpf.events.MessageDeferred;
import net.cpmpf.events.StoredContent;

/**
 * The content of deferred large messages in the recipient's message store (IMAP folder {@code
 * cpm.delivery.store.deferred-folder}), kept there until every device has it or it expires. Each is one RFC 5322
 * message whose Message-ID is made from the deferral's Message-URI-ID, so a content delivered twice by the backbone
 * is stored once: {@link #keep} looks for it before appending. The content goes in base64 as {@code
 * application/octet-stream} (RFC 2046 allows no base64 for {@code message/*}, and IMAP normalises line ends and refuses
 * NULs in 8-bit bodies), so it comes back byte-exact whatever it holds; its own type is kept in {@code
 * Message-Content-Type} and in the deferral's {@link StoredContent}.
 */
public class DeferredContentStore {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss xx", Locale.US)
            .withZone(ZoneOffset.UTC);

    private final MessageStore store;
    private final String folder;

    public DeferredContentStore(MessageStore store, StoreProperties properties) {
        this.store = store;
        this.folder = properties.deferredFolder();
    }

    /**
     * Stores the content unless a message with its Message-ID is there already.
     *
     * @return where it is kept, for the deferral's metadata
     */
    public StoredContent keep(LargeMessageDeferred deferred) {
        MessageDeferred deferral = deferred.deferral();
        String messageId = messageId(deferral.messageUriId());
        store.inFolder(deferral.recipient(), folder, (session, open) -> {
            if (open.search(new HeaderTerm("Message-ID", messageId)).length == 0) {
                byte[] raw = format(deferred, messageId);
                open.appendMessages(new Message[] {new MimeMessage(session, new ByteArrayInputStream(raw))});
            }
            return null;
        });
        return new StoredContent(deferred.contentType(), deferred.content().length, folder, messageId);
    }

    /** The stored content, byte-exact, or empty when it is not (or no longer) there. */
    public Optional<byte[]> content(String user, StoredContent stored) {
        return store.inFolder(user, stored.folder(), (session, open) -> {
            Message[] found = open.search(new HeaderTerm("Message-ID", stored.messageId()));
            if (found.length == 0) {
                return Optional.empty();
            }
            try (InputStream raw = ((MimeMessage) found[0]).getRawInputStream()) {
                return Optional.of(Base64.getMimeDecoder().decode(raw.readAllBytes()));
            } catch (IOException | IllegalArgumentException e) {
                throw new MessagingException("reading " + stored.messageId() + " failed", e);
            }
        });
    }

    /** Removes the stored content; removing what is not there is no error. */
    public void remove(String user, StoredContent stored) {
        store.inFolder(user, stored.folder(), (session, open) -> {
            for (Message message : open.search(new HeaderTerm("Message-ID", stored.messageId()))) {
                message.setFlag(Flags.Flag.DELETED, true);
            }
            return null;
        });
    }

    /** {@code <id@cpm-pf.invalid>}: the Message-URI-ID itself when it fits a Message-ID, else a name UUID of it. */
    static String messageId(String messageUriId) {
        String left = messageUriId.matches("[A-Za-z0-9._-]{1,200}")
                ? messageUriId
                : UUID.nameUUIDFromBytes(messageUriId.getBytes(StandardCharsets.UTF_8))
                        .toString();
        return "<" + left + "@deferred.cpm-pf.invalid>";
    }

    private static byte[] format(LargeMessageDeferred deferred, String messageId) {
        MessageDeferred deferral = deferred.deferral();
        String sender = deferral.sender() != null
                ? deferral.sender()
                : CpmAddress.uriOf(deferral.message().from());
        var headers = new StringBuilder();
        header(headers, "From", "<" + sender + ">");
        header(headers, "To", "<" + deferral.recipient() + ">");
        header(headers, "Date", DATE.format(deferral.message().receivedAt()));
        header(headers, "Message-ID", messageId);
        header(headers, "Message-Direction", "received");
        header(headers, "Message-Context", "large-message");
        header(headers, "MIME-Version", "1.0");
        header(headers, "Message-Content-Type", deferred.contentType());
        header(headers, "Content-Type", "application/octet-stream");
        header(headers, "Content-Transfer-Encoding", "base64");
        headers.append("\r\n");
        byte[] body = Base64.getMimeEncoder().encode(deferred.content());
        var out = new ByteArrayOutputStream(headers.length() + body.length + 2);
        out.writeBytes(headers.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(body);
        out.writeBytes(new byte[] {'\r', '\n'});
        return out.toByteArray();
    }

    private static void header(StringBuilder headers, String name, String value) {
        headers.append(name).append(": ").append(CpimWrapper.oneLine(value)).append("\r\n");
    }
}
