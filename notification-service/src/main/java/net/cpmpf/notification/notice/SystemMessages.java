package net.cpmpf.notification.notice;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import net.cpmpf.events.CpmAddress;
import net.cpmpf.events.MessageDeferred;
import net.cpmpf.events.SendRequestCommand;
import net.cpmpf.events.SipHeader;
import net.cpmpf.notification.deferredlist.DeferredEntry;
import net.cpmpf.notification.deferredlist.DeferredListWriter;
import net.cpmpf.notification.system.NotificationProperties;

/**
 * Builds the SIP MESSAGEs of the notification service: the system message of CR 8.3.2.4.x step 3 (to the user, or to
 * the IWF) and the expiry notice to the sender. One message per deferred message: notices are not batched.
 */
public final class SystemMessages {

    public static final String NOTIFICATION = "notification";
    public static final String EXPIRY_NOTICE = "expiry-notice";
    /** Correlation-id prefix of the one re-send of a refused notification to the IWF. */
    public static final String NOTIFICATION_IWF = "notification-iwf";

    private final NotificationProperties properties;
    private final DeferredListWriter writer = new DeferredListWriter();
    private final List<SipHeader> headers;

    public SystemMessages(NotificationProperties properties) {
        this.properties = properties;
        this.headers = List.of(
                new SipHeader("Accept-Contact", properties.acceptContact()),
                new SipHeader("P-Asserted-Identity", "<" + properties.identity() + ">"),
                new SipHeader("Server", properties.server()));
    }

    /** The system message telling the recipient about {@code deferred}, sent to their CPM address or the IWF. */
    public SendRequestCommand notification(MessageDeferred deferred, boolean toUser) {
        return command(
                NOTIFICATION + ":" + deferred.messageUriId(),
                NOTIFICATION,
                deferred,
                toUser ? deferred.recipient() : properties.iwfUri(),
                deferred.recipient(),
                DeferredEntry.State.DEFERRED);
    }

    /** The same system message again, to the IWF, after the user's client refused it. */
    public SendRequestCommand iwfFallback(MessageDeferred deferred) {
        return command(
                NOTIFICATION_IWF + ":" + deferred.messageUriId(),
                NOTIFICATION,
                deferred,
                properties.iwfUri(),
                deferred.recipient(),
                DeferredEntry.State.DEFERRED);
    }

    /** The notice to the sender that {@code deferred} expired undelivered; empty when there is no one to tell. */
    public Optional<SendRequestCommand> expiryNotice(MessageDeferred deferred) {
        return senderOf(deferred)
                .map(sender -> command(
                        EXPIRY_NOTICE + ":" + deferred.messageUriId(),
                        EXPIRY_NOTICE,
                        deferred,
                        sender,
                        sender,
                        DeferredEntry.State.EXPIRED));
    }

    private SendRequestCommand command(
            String correlationId,
            String purpose,
            MessageDeferred deferred,
            String requestUri,
            String to,
            DeferredEntry.State state) {
        return new SendRequestCommand(
                correlationId,
                purpose,
                deferred.recipient(),
                "MESSAGE",
                requestUri,
                properties.identity(),
                to,
                headers,
                DeferredListWriter.CONTENT_TYPE,
                writer.write(List.of(DeferredEntry.of(deferred, state))));
    }

    /**
     * The authenticated sender, else the From URI; neither when it cannot be addressed (not a SIP or tel URI) or is
     * the RFC 3323 anonymous URI.
     */
    static Optional<String> senderOf(MessageDeferred deferred) {
        String candidate = deferred.sender() != null
                ? deferred.sender()
                : deferred.message().from() == null
                        ? null
                        : CpmAddress.uriOf(deferred.message().from());
        try {
            String address = CpmAddress.normalize(candidate);
            return address.toLowerCase(Locale.ROOT).endsWith("anonymous.invalid")
                    ? Optional.empty()
                    : Optional.of(address);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
