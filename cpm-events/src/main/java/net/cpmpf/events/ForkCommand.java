package net.cpmpf.events;

import java.util.List;
import java.util.Objects;

/**
 * Tells the edge holding the transaction {@link #correlationId()} to send a copy of the request to each target and
 * to relay the first 2xx upstream; later finals are not relayed (CR 8.3.2.1 step 5). When no target answers 2xx:
 * with a {@link #deferral()}, the edge publishes it and answers 202 once it is on the backbone; without one, it
 * relays the best failure (RFC 3261 §16.7). Either way, with {@link #history()}, it then publishes a {@link
 * DeliveryOutcome}.
 *
 * <p>For a {@link InboundMessage.Mode#LARGE_MESSAGE} message the edge forks INVITEs as a B2BUA (CR 8.3.2.1.1): each
 * branch carries the edge's own rewrite of the SDP offer it keeps with the transaction (its MSRP relay in the path),
 * so the offer does not travel again; the first 200 is answered upstream with the edge's SDP and the other branches
 * are cancelled. When no branch answers 200 and the command carries a deferral, the edge answers 200 itself as the
 * MSRP endpoint, receives the content and publishes a {@link LargeMessageDeferred}; without one it relays the best
 * failure.
 *
 * @param deferral the terms of the deferral should every branch fail, or {@code null} to relay the best failure; the
 *     edge defers the message it holds ({@link #deferralOf})
 * @param sender the authenticated originator, echoed in the outcome and the deferral
 * @param history echoed in the outcome: whether the delivered message goes to the conversation history
 */
public record ForkCommand(
        String correlationId, List<ForkTarget> targets, MessageDeferred.Terms deferral, String sender, boolean history)
        implements EdgeCommand {

    public ForkCommand {
        Objects.requireNonNull(correlationId, "correlationId");
        targets = List.copyOf(targets);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("a fork needs at least one target");
        }
    }

    /** The deferral of {@code message}, the edge's copy of the message this command forks; {@code null} if none. */
    public MessageDeferred deferralOf(InboundMessage message) {
        return deferral == null ? null : MessageDeferred.of(message, sender, deferral);
    }
}
