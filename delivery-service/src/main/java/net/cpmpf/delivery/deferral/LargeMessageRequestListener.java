package net.cpmpf.delivery.deferral;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.cpmpf.delivery.store.DeferredContentStore;
import net.cpmpf.events.CpmEvent;
import net.cpmpf.events.LargeMessageRedelivery;
import net.cpmpf.events.LargeMessageRemoval;
import net.cpmpf.events.RequestOutcome;
import net.cpmpf.events.Topics;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.stereotype.Component;

/**
 * What the defer service asks of a deferred large message's content. Removal ({@link LargeMessageRemoval}: every
 * device has it, or it expired) deletes it from the user's message store. Later delivery to one device: the content comes out of the user's message store and
 * goes to the edge inside its {@link net.cpmpf.events.SendLargeMessageCommand}; the edge reports the outcome to the
 * defer service. Content that is gone (removed after expiry, or never stored) is reported by this service as a 404
 * outcome, so the defer service frees the device instead of waiting for its in-flight timeout. A store that is down
 * is waited out; the record is committed only once the command or the outcome is on the backbone.
 */
@Component
class LargeMessageRequestListener {

    private static final long PUBLISH_TIMEOUT_SECONDS = 10;

    private final DeferredContentStore store;
    private final KafkaOperations<String, Object> kafka;
    private final MeterRegistry meters;

    LargeMessageRequestListener(
            DeferredContentStore store, KafkaOperations<String, Object> kafka, MeterRegistry meters) {
        this.store = store;
        this.kafka = kafka;
        this.meters = meters;
    }

    @KafkaListener(id = "large-message-requests", idIsGroup = false, topics = Topics.LARGE_MESSAGE_REQUESTS)
    void onRequest(CpmEvent event) throws InterruptedException {
        if (event instanceof LargeMessageRemoval removal) {
            store.remove(removal.user(), removal.stored());
            meters.counter("cpm.delivery.large-message.removed").increment();
            return;
        }
        if (!(event instanceof LargeMessageRedelivery redelivery)) {
            throw new IllegalArgumentException(
                    "not a large message request: " + event.getClass().getSimpleName());
        }
        var command = redelivery.command();
        Optional<byte[]> content = store.content(command.key(), redelivery.stored());
        try {
            if (content.isEmpty()) {
                var gone = new RequestOutcome(
                        command.correlationId(), command.purpose(), command.key(), 404, "deferred content not found");
                kafka.send(Topics.REQUEST_OUTCOMES, command.key(), gone).get(PUBLISH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                meters.counter("cpm.delivery.large-message.redelivered", "outcome", "content-gone")
                        .increment();
                return;
            }
            var edge = redelivery.edge();
            kafka.send(edge.topic(), edge.partition(), command.key(), command.withContent(content.get()))
                    .get(PUBLISH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            meters.counter("cpm.delivery.large-message.redelivered", "outcome", "sent")
                    .increment();
        } catch (ExecutionException | TimeoutException e) {
            throw new DeferredContentListener.BackboneUnavailableException(e);
        }
    }
}
