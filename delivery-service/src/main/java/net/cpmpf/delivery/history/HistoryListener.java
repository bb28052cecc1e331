package net.cpmpf.delivery.history;

import io.micrometer.core.instrument.MeterRegistry;
import net.cpmpf.delivery.store.MessageStore;
import net.cpmpf.delivery.store.MessageStoreRejectedException;
import net.cpmpf.delivery.store.StoredMessage;
import net.cpmpf.events.CpmEvent;
import net.cpmpf.events.DeliveryOutcome;
import net.cpmpf.events.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Records delivered messages in the recipient's conversation history when the user asked for it (CR 8.3.2.1 step 5).
 * A message store that is down makes the record wait and retry (the store's exception is an infrastructure outage),
 * so a history entry is late rather than lost.
 */
@Component
class HistoryListener {

    private static final Logger log = LoggerFactory.getLogger(HistoryListener.class);

    private final MessageStore store;
    private final MeterRegistry meters;

    HistoryListener(MessageStore store, MeterRegistry meters) {
        this.store = store;
        this.meters = meters;
        for (String outcome : new String[] {"delivered", "deferred", "failed"}) {
            meters.counter("cpm.delivery.outcomes", "outcome", outcome);
        }
    }

    @KafkaListener(id = "delivery-outcomes", idIsGroup = false, topics = Topics.DELIVERY_OUTCOMES)
    void onOutcome(CpmEvent event) {
        if (!(event instanceof DeliveryOutcome outcome)) {
            throw new IllegalArgumentException(
                    "not a delivery outcome: " + event.getClass().getSimpleName());
        }
        meters.counter("cpm.delivery.outcomes", "outcome", outcome(outcome)).increment();
        if (outcome.delivered() && outcome.history()) {
            try {
                store.recordHistory(StoredMessage.received(outcome.message(), outcome.sender()));
            } catch (MessageStoreRejectedException e) {
                // Retrying what the server refuses (a full mailbox) would block the user's partition for good.
                log.warn("History entry for {} refused: {}", outcome.message().recipient(), e.getMessage());
            }
        }
    }

    private static String outcome(DeliveryOutcome outcome) {
        if (outcome.delivered()) {
            return "delivered";
        }
        return outcome.deferred() ? "deferred" : "failed";
    }
}
