package net.cpmpf.events;

import java.util.List;

/** Kafka topic names. Each consumed topic has a dead-letter twin named by {@link #deadLetter(String)}. */
public final class Topics {

    /** {@link InboundMessage}s from the edges, keyed by recipient. Consumed by the policy service. */
    public static final String INBOUND_MESSAGES = "cpm.inbound-messages";

    /**
     * {@link EdgeCommand}s; partition N belongs to the edge whose reply partition is N. A {@link
     * SendLargeMessageCommand} carries a whole message, so its {@code max.message.bytes} is raised like the content
     * topic's.
     */
    public static final String EDGE_COMMANDS = "cpm.edge-commands";

    /** {@link RegistrationChanged} events, keyed by user. Consumed by the delivery and defer services. */
    public static final String REGISTRATIONS = "cpm.registrations";

    /** {@link RoutedMessage}s from the policy service, keyed by recipient. Consumed by the delivery service. */
    public static final String ROUTED_MESSAGES = "cpm.routed-messages";

    /** {@link MessageDeferred} events, keyed by recipient. Consumed by the defer service. */
    public static final String DEFERRALS = "cpm.deferrals";

    /** {@link DeliveryOutcome}s from the edges, keyed by recipient. Consumed by the delivery service. */
    public static final String DELIVERY_OUTCOMES = "cpm.delivery-outcomes";

    /** {@link RequestOutcome}s from the edges, keyed by the command's key. Consumed by the defer service. */
    public static final String REQUEST_OUTCOMES = "cpm.request-outcomes";

    /** {@link DeferralNotice}s from the defer service, keyed by recipient. Consumed by the notification service. */
    public static final String DEFERRAL_NOTICES = "cpm.deferral-notices";

    /**
     * {@link LargeMessageDeferred}s from the edges, keyed by recipient: the content of each deferred large message in
     * one record, so the topic's {@code max.message.bytes} is raised to fit (see {@code cpm.backbone}). Consumed by
     * the delivery service.
     */
    public static final String LARGE_MESSAGE_CONTENTS = "cpm.large-message-contents";

    /**
     * What the defer service asks of the content of a deferred large message, keyed by user: a {@link
     * LargeMessageRedelivery} (the delivery service fetches the content and sends the edge a {@link
     * SendLargeMessageCommand}) or a {@link LargeMessageRemoval} (every device has it, or it expired). Consumed by the
     * delivery service, which alone reads the message store.
     */
    public static final String LARGE_MESSAGE_REQUESTS = "cpm.large-message-requests";

    /** Topics keyed by user, which scale with the consumer services. */
    public static final List<String> KEYED = List.of(
            INBOUND_MESSAGES,
            REGISTRATIONS,
            ROUTED_MESSAGES,
            DEFERRALS,
            DELIVERY_OUTCOMES,
            REQUEST_OUTCOMES,
            DEFERRAL_NOTICES,
            LARGE_MESSAGE_CONTENTS,
            LARGE_MESSAGE_REQUESTS);

    private Topics() {}

    public static String deadLetter(String topic) {
        return topic + "-dlt";
    }
}
