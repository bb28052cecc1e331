package net.cpmpf.defer.redelivery;

import io.micrometer.core.instrument.MeterRegistry;
import net.cpmpf.defer.store.DeferredStore;
import net.cpmpf.defer.system.Backbone;
import net.cpmpf.events.CpmAddress;
import net.cpmpf.events.CpmEvent;
import net.cpmpf.events.LargeMessageRemoval;
import net.cpmpf.events.MessageDeferred;
import net.cpmpf.events.RequestOutcome;
import net.cpmpf.events.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Ends each redelivery attempt: a 2xx records the device in the message's delivered set (and removes the message
 * once all the user's known devices have it, and then a large message's content in the message store too); anything
 * else frees the device for the next registration change. See
 * {@link Redelivery} for why a device never gets a message twice and where that guarantee ends.
 */
@Component
class OutcomeListener {

    private static final Logger log = LoggerFactory.getLogger(OutcomeListener.class);

    private final DeferredStore store;
    private final Backbone backbone;
    private final MeterRegistry meters;

    OutcomeListener(DeferredStore store, Backbone backbone, MeterRegistry meters) {
        this.store = store;
        this.backbone = backbone;
        this.meters = meters;
        for (String outcome : new String[] {"sent", "delivered", "failed"}) {
            meters.counter("cpm.defer.redelivered", "outcome", outcome); // up front: zero, not nothing
        }
    }

    @KafkaListener(id = "request-outcomes", idIsGroup = false, topics = Topics.REQUEST_OUTCOMES)
    void onOutcome(CpmEvent event) {
        if (!(event instanceof RequestOutcome outcome)) {
            throw new IllegalArgumentException(
                    "not a request outcome: " + event.getClass().getSimpleName());
        }
        if (!Redelivery.PURPOSE.equals(outcome.purpose())) {
            return;
        }
        String[] attempt = Redelivery.parse(outcome.correlationId());
        if (attempt == null) {
            log.warn("redelivery outcome with a foreign correlation id {}", outcome.correlationId());
            return;
        }
        if (outcome.succeeded()) {
            // Read before the delivery is recorded, which may remove the message: a large message's content goes too.
            MessageDeferred deferred = store.find(attempt[0]).block();
            var delivered = store.delivered(attempt[0], attempt[1], CpmAddress.normalize(outcome.key()))
                    .block();
            if (delivered == DeferredStore.Delivered.COMPLETE && deferred != null && deferred.content() != null) {
                backbone.send(
                        Topics.LARGE_MESSAGE_REQUESTS,
                        deferred.recipient(),
                        new LargeMessageRemoval(attempt[0], deferred.recipient(), deferred.content()));
            }
            log.debug("{} {} to {}", delivered, attempt[0], attempt[1]);
            meters.counter("cpm.defer.redelivered", "outcome", "delivered").increment();
        } else {
            store.release(attempt[0], attempt[1]).block();
            log.info("{} to {} failed with {} {}", attempt[0], attempt[1], outcome.status(), outcome.reason());
            meters.counter("cpm.defer.redelivered", "outcome", "failed").increment();
        }
    }
}
