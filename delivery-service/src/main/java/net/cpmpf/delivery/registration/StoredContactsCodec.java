package net.cpmpf.delivery.registration;

import java.util.List;
import net.cpmpf.events.RegisteredContact;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The contacts field of a stored registration: a JSON array of {@link RegisteredContact}, instants in ISO-8601.
 * Unknown properties are ignored so that entries written by a newer release stay readable during a rolling upgrade.
 */
final class StoredContactsCodec {

    private static final TypeReference<List<RegisteredContact>> CONTACTS = new TypeReference<>() {};

    private final JsonMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    String encode(List<RegisteredContact> contacts) {
        return mapper.writeValueAsString(contacts);
    }

    /**
     * @throws CorruptEntryException if the value is not a contact list
     */
    List<RegisteredContact> decode(String json) {
        try {
            return List.copyOf(mapper.readValue(json, CONTACTS));
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            throw new CorruptEntryException(e);
        }
    }

    /** Something other than this service wrote the entry, or wrote it wrongly. */
    static final class CorruptEntryException extends RuntimeException {
        CorruptEntryException(Exception cause) {
            super("corrupt registration entry: " + cause.getMessage(), cause);
        }
    }
}
