package net.cpmpf.delivery.routing;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import net.cpmpf.delivery.registration.RegistrationCache;
import net.cpmpf.delivery.system.DeliveryProperties;
import net.cpmpf.events.ClientSelection;
import net.cpmpf.events.CpmEvent;
import net.cpmpf.events.DeferLargeMessageCommand;
import net.cpmpf.events.EdgeCommand;
import net.cpmpf.events.FinalResponseCommand;
import net.cpmpf.events.ForkCommand;
import net.cpmpf.events.ForkTarget;
import net.cpmpf.events.MessageDeferred;
import net.cpmpf.events.RoutedMessage;
import net.cpmpf.events.Topics;
import net.cpmpf.platform.backbone.OrderedBatch;
import net.cpmpf.platform.backbone.OrderedBatch.Steps;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.stereotype.Component;

/**
 * Carries out the preference the policy service found for a message (CR 8.3.2.1 steps 4 and 5): {@code deliver}
 * forks it to the user's capable clients, or defers it when there are none; {@code interwork} sends it to the IWF;
 * {@code store} writes it to the user's message store. The answer goes to the edge holding the transaction.
 */
@Component
class RoutedMessageListener {

    private final RegistrationCache registrations;
    private final ClientSelection selection;
    private final ClientSelection largeMessageSelection;
    private final MessageStoring storing;
    private final KafkaOperations<String, Object> kafka;
    private final String interworkingUri;
    private final MeterRegistry meters;

    RoutedMessageListener(
            RegistrationCache registrations,
            MessageStoring storing,
            KafkaOperations<String, Object> kafka,
            DeliveryProperties properties,
            MeterRegistry meters) {
        this.registrations = registrations;
        this.storing = storing;
        this.kafka = kafka;
        this.meters = meters;
        this.selection = properties.selection().toClientSelection();
        this.largeMessageSelection = properties.largeMessage().toClientSelection();
        this.interworkingUri = properties.interworking().uri();
        // Registered up front, so that dashboards show zero rather than nothing.
        for (String outcome : new String[] {"forked", "deferred", "interworked", "stored", "unavailable"}) {
            meters.counter("cpm.delivery.routed", "outcome", outcome);
        }
    }

    // One poll at a time: the GRUU cache reads of the whole poll overlap, then deferrals and answers go out in record
    // order; offsets are committed only once every ack is in. A redelivered record repeats its answer, which the edge
    // ignores once its transaction has one.
    @KafkaListener(id = "routed-messages", idIsGroup = false, topics = Topics.ROUTED_MESSAGES, batch = "true")
    void onRoutedMessages(List<ConsumerRecord<String, CpmEvent>> records) {
        OrderedBatch.process(records, this::prepare, kafka::flush);
    }

    private CompletionStage<Steps> prepare(CpmEvent event) {
        if (!(event instanceof RoutedMessage routed)) {
            throw new IllegalArgumentException(
                    "not a routed message: " + event.getClass().getSimpleName());
        }
        if (routed.message().abandoned(Instant.now())) {
            // The edge has answered 503 already: nothing was acked, so there is nothing to deliver or store.
            meters.counter("cpm.delivery.abandoned").increment();
            return CompletableFuture.completedFuture(Steps.none());
        }
        return switch (routed.handling()) {
            case DELIVER ->
                registrations
                        .activeContacts(routed.message().recipient())
                        .toFuture()
                        .thenApply(contacts -> routed.message().largeMessage()
                                ? deliverLargeMessage(routed, largeMessageSelection.select(contacts))
                                : deliver(routed, selection.select(contacts)));
            case INTERWORK -> CompletableFuture.completedFuture(interwork(routed));
            // IMAP is blocking and rare next to delivery: done here, on the consumer thread.
            case STORE -> CompletableFuture.completedFuture(answer(routed, "stored", storing.store(routed)));
        };
    }

    private Steps deliver(RoutedMessage routed, List<ForkTarget> targets) {
        if (targets.isEmpty()) {
            // Written before the 202 goes out: once acked by the backbone, the message is the defer service's.
            Supplier<CompletionStage<?>> deferral = () -> kafka.send(
                    Topics.DEFERRALS, routed.message().recipient(), routed.deferred(MessageDeferred.Reason.NO_CLIENT));
            return answer(
                    routed, "deferred", FinalResponseCommand.of(routed.correlationId(), 202, "Accepted"), deferral);
        }
        return answer(
                routed,
                "forked",
                new ForkCommand(
                        routed.correlationId(),
                        targets,
                        routed.deferralTerms(MessageDeferred.Reason.ALL_FORKS_FAILED),
                        routed.sender(),
                        routed.history()));
    }

    /**
     * CR 8.3.2.1.1 step 6: an INVITE to each client that takes large messages, with the deferral the edge carries out
     * if every branch fails. Without a capable client the message is deferred at once. Either way the edge answers 200
     * itself, receives the content as the MSRP endpoint and publishes it; nothing is written to the deferrals here,
     * since the content does not exist yet.
     */
    private Steps deliverLargeMessage(RoutedMessage routed, List<ForkTarget> targets) {
        if (targets.isEmpty()) {
            return answer(
                    routed,
                    "deferred",
                    new DeferLargeMessageCommand(
                            routed.correlationId(),
                            routed.sender(),
                            routed.deferralTerms(MessageDeferred.Reason.NO_CLIENT)));
        }
        return answer(
                routed,
                "forked",
                new ForkCommand(
                        routed.correlationId(),
                        targets,
                        routed.deferralTerms(MessageDeferred.Reason.ALL_FORKS_FAILED),
                        routed.sender(),
                        routed.history()));
    }

    /** The IWF's answer is the originator's: no deferral behind it, and nothing for the CPM history. */
    private Steps interwork(RoutedMessage routed) {
        return answer(
                routed,
                "interworked",
                new ForkCommand(
                        routed.correlationId(),
                        List.of(new ForkTarget(interworkingUri, null)),
                        null,
                        routed.sender(),
                        false));
    }

    private Steps answer(RoutedMessage routed, String outcome, EdgeCommand command) {
        return answer(routed, outcome, command, null);
    }

    /** The edge's answer, after {@code before} (if any) is safe on the backbone. */
    private Steps answer(
            RoutedMessage routed, String outcome, EdgeCommand command, Supplier<CompletionStage<?>> before) {
        var replyTo = routed.message().replyTo();
        List<Supplier<? extends CompletionStage<?>>> writes = new ArrayList<>(2);
        if (before != null) {
            writes.add(before);
        }
        writes.add(() -> kafka.send(
                replyTo.topic(), replyTo.partition(), routed.message().recipient(), command));
        return new Steps(writes, () -> meters.counter("cpm.delivery.routed", "outcome", outcome)
                .increment());
    }
}
