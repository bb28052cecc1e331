package net.cpmpf.defer.system;

import java.util.concurrent.CompletionException;
import net.cpmpf.events.CpmEvent;
import net.cpmpf.platform.backbone.InfrastructureUnavailableException;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.stereotype.Component;

/**
 * Publishes and waits for the backbone's ack ({@code acks=all}). A send that fails once under way (broker down,
 * delivery timeout) is an outage, not a bad record: it surfaces as {@link InfrastructureUnavailableException}, so
 * that the listener's record is retried until the backbone is back instead of being dead-lettered with a notice or a
 * copy still owed.
 */
@Component
public class Backbone {

    private final KafkaOperations<String, Object> kafka;

    Backbone(KafkaOperations<String, Object> kafka) {
        this.kafka = kafka;
    }

    public void send(String topic, String key, CpmEvent event) {
        await(() -> kafka.send(topic, key, event).join());
    }

    public void send(String topic, int partition, String key, CpmEvent event) {
        await(() -> kafka.send(topic, partition, key, event).join());
    }

    private static void await(Runnable send) {
        try {
            send.run();
        } catch (CompletionException e) {
            throw new InfrastructureUnavailableException("backbone unavailable: " + e.getCause(), e.getCause());
        }
    }
}
