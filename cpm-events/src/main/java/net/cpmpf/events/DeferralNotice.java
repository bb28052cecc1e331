package net.cpmpf.events;

import java.util.Locale;
import java.util.Objects;

/**
 * Something the user (or the sender) must be told about a deferred message, published by the defer service to
 * {@link Topics#DEFERRAL_NOTICES} keyed by recipient, for the notification service.
 *
 * @param kind {@code STORED}: the message is now kept (Deferred Message Notification, CR 8.3.2.4.x); {@code
 *     EXPIRED}: it was dropped undelivered (the sender is told)
 * @param deferred the message as it was deferred
 * @param clientRegistered whether the recipient had a registered client when this was published: the notification
 *     goes to the user's CPM address if so, else to the IWF
 */
public record DeferralNotice(Kind kind, MessageDeferred deferred, boolean clientRegistered) implements CpmEvent {

    public DeferralNotice {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(deferred, "deferred");
    }

    @Override
    public String correlationId() {
        return kind.name().toLowerCase(Locale.ROOT) + ":" + deferred.messageUriId();
    }

    public enum Kind {
        STORED,
        EXPIRED
    }
}
