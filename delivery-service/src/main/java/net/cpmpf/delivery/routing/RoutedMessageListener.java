package net.cpmpf.delivery.routing;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.List;
import net.cpmpf.delivery.registration.RegistrationCache;
import net.cpmpf.delivery.system.DeliveryProperties;
import net.cpmpf.events.ClientSelection;
import net.cpmpf.events.CpmEvent;
import net.cpmpf.events.EdgeCommand;
import net.cpmpf.events.FinalResponseCommand;
import net.cpmpf.events.ForkCommand;
import net.cpmpf.events.ForkTarget;
import net.cpmpf.events.MessageDeferred;
import net.cpmpf.events.RoutedMessage;
import net.cpmpf.events.Topics;
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
    private final DeliveryProperties.LargeMessage.Answer noLargeMessageClient;
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
        this.noLargeMessageClient = properties.largeMessage().noClient();
        // Registered up front, so that dashboards show zero rather than nothing.
        for (String outcome : new String[] {"forked", "deferred", "interworked", "stored", "unavailable"}) {
            meters.counter("cpm.delivery.routed", "outcome", outcome);
        }
    }

    // A consumer thread: blocking on Redis, IMAP and each ack keeps the offset uncommitted until the answer is out.
    // A redelivered record repeats the answer, which the edge ignores once its transaction has one.
    @KafkaListener(id = "routed-messages", idIsGroup = false, topics = Topics.ROUTED_MESSAGES)
    void onRoutedMessage(CpmEvent event) {
        if (!(event instanceof RoutedMessage routed)) {
            throw new IllegalArgumentException(
                    "not a routed message: " + event.getClass().getSimpleName());
        }
        if (routed.message().abandoned(Instant.now())) {
            // The edge has answered 503 already: nothing was acked, so there is nothing to deliver or store.
            meters.counter("cpm.delivery.abandoned").increment();
            return;
        }
        switch (routed.handling()) {
            case DELIVER -> deliver(routed);
            case INTERWORK -> interwork(routed);
            case STORE -> answer(routed, "stored", storing.store(routed));
        }
    }

    private void deliver(RoutedMessage routed) {
        if (routed.message().largeMessage()) {
            deliverLargeMessage(routed);
            return;
        }
        List<ForkTarget> targets = selection.select(
                registrations.activeContacts(routed.message().recipient()).block());
        if (targets.isEmpty()) {
            // Written before the 202 goes out: once acked by the backbone, the message is the defer service's.
            kafka.send(
                            Topics.DEFERRALS,
                            routed.message().recipient(),
                            routed.deferred(MessageDeferred.Reason.NO_CLIENT))
                    .join();
            answer(routed, "deferred", FinalResponseCommand.of(routed.correlationId(), 202, "Accepted"));
            return;
        }
        answer(
                routed,
                "forked",
                new ForkCommand(
                        routed.correlationId(),
                        targets,
                        routed.deferred(MessageDeferred.Reason.ALL_FORKS_FAILED),
                        routed.sender(),
                        routed.history()));
    }

    /**
     * CR 8.3.2.1.1 step 6: an INVITE to each client that takes large messages. Phase 1 neither defers a large message
     * (no client, or every branch fails) nor lets the edge do so: the fork carries no deferral, and without a capable
     * client the originator gets the configured answer (480).
     */
    private void deliverLargeMessage(RoutedMessage routed) {
        List<ForkTarget> targets = largeMessageSelection.select(
                registrations.activeContacts(routed.message().recipient()).block());
        if (targets.isEmpty()) {
            var none = noLargeMessageClient;
            answer(
                    routed,
                    "unavailable",
                    FinalResponseCommand.of(routed.correlationId(), none.status(), none.reason()));
            return;
        }
        answer(
                routed,
                "forked",
                new ForkCommand(routed.correlationId(), targets, null, routed.sender(), routed.history()));
    }

    /** The IWF's answer is the originator's: no deferral behind it, and nothing for the CPM history. */
    private void interwork(RoutedMessage routed) {
        answer(
                routed,
                "interworked",
                new ForkCommand(
                        routed.correlationId(),
                        List.of(new ForkTarget(interworkingUri, null)),
                        null,
                        routed.sender(),
                        false));
    }

    private void answer(RoutedMessage routed, String outcome, EdgeCommand command) {
        var replyTo = routed.message().replyTo();
        kafka.send(replyTo.topic(), replyTo.partition(), routed.message().recipient(), command)
                .join();
        meters.counter("cpm.delivery.routed", "outcome", outcome).increment();
    }
}
