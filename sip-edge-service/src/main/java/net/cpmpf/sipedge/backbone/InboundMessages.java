package net.cpmpf.sipedge.backbone;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import net.cpmpf.events.InboundMessage;
import net.cpmpf.events.ReplyAddress;
import net.cpmpf.sipedge.sip.InboundRequest;
import net.cpmpf.sipedge.sip.NameAddr;
import net.cpmpf.sipedge.trust.AssertedIdentities;

/**
 * Turns a request that waits for a decision into its event, the same way for Pager Mode and Large Message Mode:
 * identities as the trust domain screened them, a correlation id of the originator's transaction, and the moment the
 * edge stops waiting.
 */
public final class InboundMessages {

    /** Added to the top Via by whoever received the request (RFC 3261 §18.2.1, RFC 3581): not the sender's. */
    private static final Pattern RECEIVER_PARAMETERS =
            Pattern.compile(";\\s*(received|rport)(\\s*=\\s*[^;]*)?", Pattern.CASE_INSENSITIVE);

    private InboundMessages() {}

    /**
     * @param replyTo this edge's partition of the command topic
     * @param replyTimeout how long the edge waits for the decision after {@code receivedAt}
     */
    public static InboundMessage of(
            InboundRequest request,
            String recipient,
            ReplyAddress replyTo,
            Instant receivedAt,
            Duration replyTimeout,
            AssertedIdentities identities,
            InboundMessage.Mode mode) {
        return new InboundMessage(
                correlationId(request, recipient),
                replyTo,
                receivedAt,
                recipient,
                request.requestUri(),
                request.header("From").orElse(""),
                request.header("To").orElse(""),
                request.header("Call-ID").orElse(""),
                identities.of(request),
                request.contentType(),
                request.body(),
                identities.screened(request),
                receivedAt.plus(replyTimeout),
                mode);
    }

    /**
     * The same for every copy of one originator transaction, whichever edge receives it: a retransmission that
     * reaches a restarted edge (its first copy's answer died with the old one) becomes the same message again. Its
     * deferral then has the same Message-URI-ID, which the defer service stores once, and its forks the same Call-IDs
     * and branches, which the devices take for retransmissions (RFC 3261 §17.2.3). The key is what RFC 3261 §17.2.3
     * and §8.2.2.2 match a transaction on (top Via branch and sent-by, method, CSeq), with Call-ID and From tag for
     * senders whose branches are not unique (RFC 2543), and the recipient.
     */
    static String correlationId(InboundRequest request, String recipient) {
        String via = RECEIVER_PARAMETERS
                .matcher(request.header("Via").orElse(""))
                .replaceAll("")
                .strip()
                .toLowerCase(Locale.ROOT);
        String key = String.join(
                "\n",
                recipient,
                request.method(),
                via,
                request.header("CSeq").orElse(""),
                request.header("Call-ID").orElse(""),
                NameAddr.tag(request.header("From").orElse("")).orElse(""));
        return UUID.nameUUIDFromBytes(key.getBytes(UTF_8)).toString();
    }
}
