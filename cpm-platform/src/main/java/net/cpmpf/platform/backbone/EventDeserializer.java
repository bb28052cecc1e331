package net.cpmpf.platform.backbone;

import net.cpmpf.events.CpmEvent;
import net.cpmpf.events.EventCodec;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads {@link CpmEvent}s. Wrapped by Spring Kafka's {@code ErrorHandlingDeserializer}, so a malformed record becomes
 * a dead letter instead of an endless poll loop.
 */
public class EventDeserializer implements Deserializer<CpmEvent> {

    private final EventCodec codec = new EventCodec();

    @Override
    public CpmEvent deserialize(String topic, byte[] data) {
        return data == null ? null : codec.decode(data);
    }
}
