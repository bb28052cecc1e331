package net.cpmpf.policy.decision;

import net.cpmpf.events.CpmEvent;
import net.cpmpf.events.EdgeCommand;
import net.cpmpf.events.InboundMessage;
import net.cpmpf.events.Topics;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.stereotype.Component;

/**
 * Takes inbound messages off the backbone and sends each decision to the edge that holds the transaction, on that
 * edge's own partition. A redelivered record only produces an answer again, which the edge ignores; a store that is
 * down makes the record wait (see {@code InfrastructureUnavailableException}), while the edge answers 503 itself.
 */
@Component
class InboundMessageListener {

    private final MessageDecider decider;
    private final KafkaOperations<String, Object> kafka;

    InboundMessageListener(MessageDecider decider, KafkaOperations<String, Object> kafka) {
        this.decider = decider;
        this.kafka = kafka;
    }

    @KafkaListener(id = "inbound-messages", idIsGroup = false, topics = Topics.INBOUND_MESSAGES)
    void onMessage(CpmEvent event) {
        if (!(event instanceof InboundMessage message)) {
            throw new IllegalArgumentException(
                    "not an inbound message: " + event.getClass().getSimpleName());
        }
        var replyTo = message.replyTo();
        // Blocking is right here: this is the consumer's own thread, and waiting (for the store, then for the ack)
        // keeps the offset uncommitted until the answer is safely on the backbone.
        EdgeCommand decision = decider.decide(message).block();
        kafka.send(replyTo.topic(), replyTo.partition(), message.recipient(), decision)
                .join();
    }
}
