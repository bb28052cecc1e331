package net.cpmpf.events;

import java.util.List;

/** Kafka topic names. Each consumed topic has a dead-letter twin named by {@link #deadLetter(String)}. */
public final class Topics {

    /** {@link InboundMessage}s from the edges, keyed by recipient. Consumed by the policy service. */
    public static final String INBOUND_MESSAGES = "cpm.inbound-messages";

    /** {@link EdgeCommand}s; partition N belongs to the edge whose reply partition is N. */
    public static final String EDGE_COMMANDS = "cpm.edge-commands";

    /** {@link RegistrationChanged} events, keyed by user. Consumed by the delivery and defer services. */
    public static final String REGISTRATIONS = "cpm.registrations";

    /** Topics keyed by user, which scale with the consumer services. */
    public static final List<String> KEYED = List.of(INBOUND_MESSAGES, REGISTRATIONS);

    private Topics() {}

    public static String deadLetter(String topic) {
        return topic + "-dlt";
    }
}
