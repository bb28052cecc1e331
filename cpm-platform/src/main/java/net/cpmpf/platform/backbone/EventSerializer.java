package net.cpmpf.platform.backbone;

import net.cpmpf.events.CpmEvent;
import net.cpmpf.events.EventCodec;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes {@link CpmEvent}s as JSON. Raw bytes pass through untouched: that is how a record that could not be
 * decoded reaches its dead-letter topic byte for byte.
 */
public class EventSerializer implements Serializer<Object> {

    private final EventCodec codec = new EventCodec();

    @Override
    public byte[] serialize(String topic, Object data) {
        if (data == null || data instanceof byte[]) {
            return (byte[]) data;
        }
        if (data instanceof CpmEvent event) {
            return codec.encode(event);
        }
        throw new SerializationException("not an event: " + data.getClass().getName());
    }
}
