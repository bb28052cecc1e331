package net.cpmpf.delivery.deferral;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.cpmpf.delivery.store.DeferredContentStore;
import net.cpmpf.events.CpmEvent;
import net.cpmpf.events.LargeMessageDeferred;
import net.cpmpf.events.MessageDeferred;
import net.cpmpf.events.StoredContent;
import net.cpmpf.events.Topics;
import net.cpmpf.platform.backbone.InfrastructureUnavailableException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.stereotype.Component;

/**
 * A deferred large message's content, received by an edge as the MSRP endpoint (CR 8.3.2.1.1): stored in the
 * recipient's message store, then handed to deferral as a {@link MessageDeferred} that carries only the stored
 * content's reference, size and type, so the defer service keeps metadata only and the notification service sends the
 * Deferred Message Notification as for a pager message.
 *
 * <p>The record's offset is committed only after both steps, so a crash in between repeats them: the store finds
 * the content there already (same Message-ID) and the defer service keeps the deferral once (same Message-URI-ID). A
 * store that is down is waited out (the platform's outage back-off), never dead-lettered: the originator was told
 * the message is kept.
 */
@Component
class DeferredContentListener {

    private static final long PUBLISH_TIMEOUT_SECONDS = 10;

    private final DeferredContentStore store;
    private final KafkaOperations<String, Object> kafka;
    private final MeterRegistry meters;

    DeferredContentListener(DeferredContentStore store, KafkaOperations<String, Object> kafka, MeterRegistry meters) {
        this.store = store;
        this.kafka = kafka;
        this.meters = meters;
    }

    @KafkaListener(id = "large-message-contents", idIsGroup = false, topics = Topics.LARGE_MESSAGE_CONTENTS)
    void onContent(CpmEvent event) throws InterruptedException {
        if (!(event instanceof LargeMessageDeferred deferred)) {
            throw new IllegalArgumentException(
                    "not a large message's content: " + event.getClass().getSimpleName());
        }
        // IMAP is blocking: done here, on the consumer thread, as the store preference is.
        StoredContent stored = store.keep(deferred);
        MessageDeferred deferral = deferred.deferral().withContent(stored);
        try {
            kafka.send(Topics.DEFERRALS, deferral.recipient(), deferral).get(PUBLISH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new BackboneUnavailableException(e);
        }
        meters.counter("cpm.delivery.large-message.deferred").increment();
    }

    /** The deferral could not be published: retried like a store outage, since the content is already acked. */
    static final class BackboneUnavailableException extends InfrastructureUnavailableException {
        BackboneUnavailableException(Exception cause) {
            super("deferral not published: " + cause, cause);
        }
    }
}
