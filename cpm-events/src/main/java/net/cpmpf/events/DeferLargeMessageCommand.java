package net.cpmpf.events;

import java.util.Objects;

/**
 * Tells the edge holding the Large Message Mode INVITE {@link #correlationId()} to defer the message without forking
 * (the preference says defer, or no client takes large messages): the PF answers 200 itself as the MSRP endpoint,
 * receives the content and publishes it as a {@link LargeMessageDeferred} carrying {@link #deferral()} (CR 8.3.2.1.1).
 * A {@link ForkCommand} with a deferral does the same once every branch has failed.
 */
public record DeferLargeMessageCommand(String correlationId, MessageDeferred deferral) implements EdgeCommand {

    public DeferLargeMessageCommand {
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(deferral, "deferral");
    }
}
