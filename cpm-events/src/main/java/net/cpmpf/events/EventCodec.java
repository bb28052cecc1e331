package net.cpmpf.events;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON encoding of {@link CpmEvent}s. Thread-safe. Unknown properties are ignored so that a newer producer can add
 * fields while older consumers are still running (rolling upgrades).
 */
public final class EventCodec {

    private final JsonMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public byte[] encode(CpmEvent event) {
        return mapper.writeValueAsBytes(event);
    }

    /**
     * @throws MalformedEventException if the bytes are not a known event
     */
    public CpmEvent decode(byte[] json) {
        try {
            return mapper.readValue(json, CpmEvent.class);
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            throw new MalformedEventException(e);
        }
    }

    /** The payload was not an event this codec knows: not JSON, an unknown type id, or a broken record. */
    public static final class MalformedEventException extends RuntimeException {
        MalformedEventException(Exception cause) {
            super("malformed event: " + cause.getMessage(), cause);
        }
    }
}
