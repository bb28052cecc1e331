package net.cpmpf.events;

import java.time.Instant;
import java.util.Objects;

/**
 * A Pager Mode message that passed the policy checks, with what the recipient's preferences ask for. Published by
 * the policy service to {@link Topics#ROUTED_MESSAGES}, keyed by recipient, for the delivery service. The edge still
 * holds the SIP transaction and waits for an {@link EdgeCommand} on {@code message.replyTo()}.
 *
 * @param sender the authenticated originator's CPM address, or {@code null} when the sender is anonymous
 * @param handling what the preferences ask for; {@code defer} never gets here (the policy service defers itself)
 * @param history whether a delivered message is recorded in the recipient's conversation history
 * @param deferralExpiresAt when the message expires should it be deferred (from Expires, else service policy)
 */
public record RoutedMessage(
        InboundMessage message, String sender, Handling handling, boolean history, Instant deferralExpiresAt)
        implements CpmEvent {

    public RoutedMessage {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(handling, "handling");
        Objects.requireNonNull(deferralExpiresAt, "deferralExpiresAt");
    }

    @Override
    public String correlationId() {
        return message.correlationId();
    }

    /** The preferences' answer to "what happens to a message for me" (CR 8.3.2.1 step 4), less deferral. */
    public enum Handling {
        DELIVER,
        STORE,
        INTERWORK
    }

    /** The deferral of this message, should it come to that. */
    public MessageDeferred deferred(MessageDeferred.Reason reason) {
        return MessageDeferred.of(message, sender, deferralTerms(reason));
    }

    /** The same deferral, for a command to the edge that holds the message. */
    public MessageDeferred.Terms deferralTerms(MessageDeferred.Reason reason) {
        return new MessageDeferred.Terms(deferralExpiresAt, reason);
    }
}
