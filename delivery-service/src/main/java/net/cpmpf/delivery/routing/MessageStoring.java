package net.cpmpf.delivery.routing;

import net.cpmpf.delivery.store.MessageStore;
import net.cpmpf.delivery.store.MessageStoreRejectedException;
import net.cpmpf.delivery.store.MessageStoreUnavailableException;
import net.cpmpf.delivery.store.StoredMessage;
import net.cpmpf.delivery.system.DeliveryProperties;
import net.cpmpf.events.FinalResponseCommand;
import net.cpmpf.events.RoutedMessage;
import net.cpmpf.events.SipHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The {@code store} preference: the PF writes the message to the user's message store as the user's CPM client
 * would, then answers 200. A store that cannot be reached gets the originator a 503 with Retry-After: the message is
 * not acknowledged, so the originator keeps it and tries again; nothing acked is lost. A store that refuses the
 * message (a full mailbox) gets a 480.
 */
@Component
class MessageStoring {

    private static final Logger log = LoggerFactory.getLogger(MessageStoring.class);

    private final MessageStore store;
    private final SipHeader retryAfter;

    MessageStoring(MessageStore store, DeliveryProperties properties) {
        this.store = store;
        this.retryAfter = new SipHeader(
                "Retry-After",
                Long.toString(
                        Math.max(1, properties.storeUnavailableRetryAfter().toSeconds())));
    }

    FinalResponseCommand store(RoutedMessage routed) {
        try {
            store.store(StoredMessage.received(routed.message(), routed.sender()));
            return FinalResponseCommand.of(routed.correlationId(), 200, "OK");
        } catch (MessageStoreUnavailableException e) {
            log.warn("Message store unavailable for {}: {}", routed.message().recipient(), e.getMessage());
            return FinalResponseCommand.of(routed.correlationId(), 503, "Service Unavailable", retryAfter);
        } catch (MessageStoreRejectedException e) {
            // The store is up but will not take this user's message (e.g. the mailbox is full): the user's state.
            log.warn(
                    "Message store refused a message for {}: {}",
                    routed.message().recipient(),
                    e.getMessage());
            return FinalResponseCommand.of(routed.correlationId(), 480, "Temporarily Unavailable");
        }
    }
}
