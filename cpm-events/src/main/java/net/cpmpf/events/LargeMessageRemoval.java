package net.cpmpf.events;

import java.util.Objects;

/**
 * The defer service no longer keeps a deferred large message (every known device has it, or it expired): the delivery
 * service removes its content from the user's message store. Published to {@link Topics#LARGE_MESSAGE_REQUESTS} keyed
 * by the user; removing content that is gone already is no error, so a repeated event does no harm.
 */
public record LargeMessageRemoval(String messageUriId, String user, StoredContent stored) implements CpmEvent {

    public LargeMessageRemoval {
        Objects.requireNonNull(messageUriId, "messageUriId");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(stored, "stored");
    }

    @Override
    public String correlationId() {
        return "removal:" + messageUriId;
    }
}
