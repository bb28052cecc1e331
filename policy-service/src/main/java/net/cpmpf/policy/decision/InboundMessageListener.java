package net.cpmpf.policy.decision;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import net.cpmpf.events.CpmEvent;
import net.cpmpf.events.DeferLargeMessageCommand;
import net.cpmpf.events.FinalResponseCommand;
import net.cpmpf.events.InboundMessage;
import net.cpmpf.events.Topics;
import net.cpmpf.platform.backbone.OrderedBatch;
import net.cpmpf.platform.backbone.OrderedBatch.Steps;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.stereotype.Component;

/**
 * Takes inbound messages off the backbone and carries out each decision: the hand-off to the next service first,
 * then the answer to the edge that holds the transaction, on that edge's own partition. A redelivered record repeats
 * both; consumers downstream are idempotent on the correlation id and the edge ignores a second answer. A store that
 * is down makes the record wait (see {@code InfrastructureUnavailableException}), while the edge answers 503 itself.
 */
@Component
class InboundMessageListener {

    private final MessageDecider decider;
    private final KafkaOperations<String, Object> kafka;
    private final MeterRegistry meters;

    InboundMessageListener(MessageDecider decider, KafkaOperations<String, Object> kafka, MeterRegistry meters) {
        this.decider = decider;
        this.kafka = kafka;
        this.meters = meters;
        // Registered up front, so that dashboards show zero rather than nothing.
        for (String outcome : new String[] {"routed", "deferred", "rejected"}) {
            meters.counter(
                    "cpm.policy.decisions", "outcome", outcome, "status", outcome.equals("rejected") ? "403" : "-");
        }
    }

    // One poll at a time: decisions for the whole poll run together (their store reads overlap), then hand-offs
    // and answers go out in record order; the offsets are committed only once every ack is in.
    @KafkaListener(id = "inbound-messages", idIsGroup = false, topics = Topics.INBOUND_MESSAGES, batch = "true")
    void onMessages(List<ConsumerRecord<String, CpmEvent>> records) {
        OrderedBatch.process(records, this::prepare, kafka::flush);
    }

    private CompletionStage<Steps> prepare(CpmEvent event) {
        if (!(event instanceof InboundMessage message)) {
            throw new IllegalArgumentException(
                    "not an inbound message: " + event.getClass().getSimpleName());
        }
        if (message.abandoned(Instant.now())) {
            // The edge has answered 503 already: nothing was acked, and deciding now only lengthens a backlog.
            meters.counter("cpm.policy.abandoned").increment();
            return CompletableFuture.completedFuture(Steps.none());
        }
        return decider.decide(message).toFuture().thenApply(decision -> steps(message, decision));
    }

    /** The hand-off first: a 202 may only go out once the message is safe on the backbone. */
    private Steps steps(InboundMessage message, Decision decision) {
        List<Supplier<? extends CompletionStage<?>>> writes = new ArrayList<>(2);
        if (decision.handOff() != null) {
            writes.add(() -> kafka.send(decision.handOffTopic(), message.recipient(), decision.handOff()));
        }
        if (decision.answer() != null) {
            var replyTo = message.replyTo();
            writes.add(() -> kafka.send(replyTo.topic(), replyTo.partition(), message.recipient(), decision.answer()));
        }
        return new Steps(writes, () -> meters.counter(
                        "cpm.policy.decisions", "outcome", outcome(decision), "status", status(decision))
                .increment());
    }

    private static String outcome(Decision decision) {
        if (decision.answer() instanceof DeferLargeMessageCommand) {
            return "deferred";
        }
        if (decision.handOff() == null) {
            return "rejected";
        }
        return decision.answer() == null ? "routed" : "deferred";
    }

    /** The rejection's status says why: 403 access policy, 415 content, 408 expired. */
    private static String status(Decision decision) {
        return decision.answer() instanceof FinalResponseCommand rejection && decision.handOff() == null
                ? Integer.toString(rejection.status())
                : "-";
    }
}
