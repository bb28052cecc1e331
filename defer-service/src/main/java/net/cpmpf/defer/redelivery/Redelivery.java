package net.cpmpf.defer.redelivery;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import net.cpmpf.defer.store.DeferredStore;
import net.cpmpf.defer.system.Backbone;
import net.cpmpf.defer.system.DeferProperties;
import net.cpmpf.events.ForkTarget;
import net.cpmpf.events.InboundMessage;
import net.cpmpf.events.LargeMessageRedelivery;
import net.cpmpf.events.MessageDeferred;
import net.cpmpf.events.ReplyAddress;
import net.cpmpf.events.SendLargeMessageCommand;
import net.cpmpf.events.SendRequestCommand;
import net.cpmpf.events.Topics;
import org.springframework.stereotype.Component;

/**
 * Sends a user's pending messages to the devices that lack them ("later delivery"), oldest first, each as a MESSAGE
 * the edge originates towards the device's public GRUU; a large message goes through the delivery service, which
 * fetches its content and has the edge send it as INVITE + MSRP.
 *
 * <p>A device never gets a deferred message twice as long as outcomes arrive: a copy is sent only after an in-flight
 * mark was set for that device (atomically with checking that it does not have the message yet), and the mark ends
 * only when the outcome recorded the delivery or a failure. The residual window: an edge that crashes after the
 * device answered 200 but before publishing the outcome leaves the mark to expire after the in-flight timeout, and the
 * next registration change then sends one more copy. Closing it would need the device's side (IMDN/Message-ID
 * de-duplication), which SIP pager mode does not promise.
 */
@Component
class Redelivery {

    static final String PURPOSE = "redelivery";
    private static final String PREFIX = PURPOSE + ":";

    private final DeferredStore store;
    private final Backbone backbone;
    private final MeterRegistry meters;
    private final int backlogLimit;

    Redelivery(DeferredStore store, Backbone backbone, DeferProperties properties, MeterRegistry meters) {
        this.store = store;
        this.backbone = backbone;
        this.meters = meters;
        this.backlogLimit = properties.backlogLimit();
    }

    /**
     * Blocks until every copy is on the backbone; a failing send frees its device for a later attempt. A retry of the
     * same {@code attempt} (the registration change's correlation id) may take up what it had claimed; the edge
     * drops a command it has already run (same correlation id), so a copy sent before the failure is not sent twice.
     */
    void deliverPending(String user, List<ForkTarget> devices, ReplyAddress edge, String attempt) {
        for (String id : store.pending(user, backlogLimit).block()) {
            for (ForkTarget device : devices) {
                MessageDeferred deferred =
                        store.claim(id, device.instanceId(), attempt).block();
                if (deferred != null) {
                    send(user, device, deferred, edge);
                }
            }
        }
    }

    private void send(String user, ForkTarget device, MessageDeferred deferred, ReplyAddress edge) {
        try {
            if (deferred.content() != null) {
                // A large message: its content is in the user's message store, which only the delivery service reads.
                backbone.send(Topics.LARGE_MESSAGE_REQUESTS, user, largeMessage(user, device, deferred, edge));
            } else {
                backbone.send(edge.topic(), edge.partition(), user, command(user, device, deferred));
            }
        } catch (RuntimeException e) {
            store.release(deferred.messageUriId(), device.instanceId()).block();
            throw e;
        }
        meters.counter("cpm.defer.redelivered", "outcome", "sent").increment();
    }

    static SendRequestCommand command(String user, ForkTarget device, MessageDeferred deferred) {
        InboundMessage message = deferred.message();
        String from = message.from() != null
                ? message.from()
                : "<" + (deferred.sender() != null ? deferred.sender() : "sip:anonymous@anonymous.invalid") + ">";
        String to = message.to() != null ? message.to() : "<" + message.recipient() + ">";
        return new SendRequestCommand(
                correlationId(deferred.messageUriId(), device.instanceId()),
                PURPOSE,
                user,
                "MESSAGE",
                device.requestUri(),
                ForwardedHeaders.withoutTag(from),
                ForwardedHeaders.withoutTag(to),
                ForwardedHeaders.of(message.headers()),
                message.contentType(),
                message.body());
    }

    /**
     * A deferred large message for a device (CR 8.3.2.4.x: "large messages as INVITE + MSRP from the PF"): the same
     * addressing as a pager message's copy, the content fetched by the delivery service, the INVITE sent by the edge.
     */
    static LargeMessageRedelivery largeMessage(
            String user, ForkTarget device, MessageDeferred deferred, ReplyAddress edge) {
        SendRequestCommand copy = command(user, device, deferred);
        return new LargeMessageRedelivery(
                new SendLargeMessageCommand(
                        copy.correlationId(),
                        PURPOSE,
                        user,
                        copy.requestUri(),
                        copy.from(),
                        copy.to(),
                        copy.headers(),
                        deferred.content().contentType(),
                        null),
                deferred.content(),
                edge);
    }

    static String correlationId(String messageUriId, String instanceId) {
        return PREFIX + messageUriId + ":" + instanceId;
    }

    /**
     * The message id and device of a redelivery's correlation id; the id ends at the first colon (Message-URI-IDs are
     * the edges' UUIDs), the instance id (e.g. {@code urn:uuid:…}) is the rest.
     *
     * @return {@code [messageUriId, instanceId]}, or null when it is not one of ours
     */
    static String[] parse(String correlationId) {
        if (!correlationId.startsWith(PREFIX)) {
            return null;
        }
        String rest = correlationId.substring(PREFIX.length());
        int colon = rest.indexOf(':');
        if (colon <= 0 || colon == rest.length() - 1) {
            return null;
        }
        return new String[] {rest.substring(0, colon), rest.substring(colon + 1)};
    }
}
