package net.cpmpf.events;

import java.util.Objects;

/**
 * Tells the edge holding the Large Message Mode INVITE {@link #correlationId()} to defer the message without forking
 * (the preference says defer, or no client takes large messages): the PF answers 200 itself as the MSRP endpoint,
 * receives the content and publishes it as a {@link LargeMessageDeferred} carrying {@link #deferralOf the deferral}
 * of the INVITE the edge holds (CR 8.3.2.1.1). A {@link ForkCommand} with a deferral does the same once every branch
 * has failed.
 *
 * @param sender the authenticated originator's CPM address, or {@code null} when the sender is anonymous
 */
public record DeferLargeMessageCommand(String correlationId, String sender, MessageDeferred.Terms deferral)
        implements EdgeCommand {

    public DeferLargeMessageCommand {
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(deferral, "deferral");
    }

    /** The deferral of {@code message}, the edge's copy of the INVITE this command is about. */
    public MessageDeferred deferralOf(InboundMessage message) {
        return MessageDeferred.of(message, sender, deferral);
    }
}
