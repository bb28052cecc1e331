package net.cpmpf.sipedge.backbone;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import net.cpmpf.events.InboundMessage;
import net.cpmpf.events.ReplyAddress;
import net.cpmpf.sipedge.sip.InboundRequest;
import net.cpmpf.sipedge.trust.AssertedIdentities;

/**
 * Turns a request that waits for a decision into its event, the same way for Pager Mode and Large Message Mode:
 * identities as the trust domain screened them, a fresh correlation id, and the moment the edge stops waiting.
 */
public final class InboundMessages {

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
                UUID.randomUUID().toString(),
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
}
