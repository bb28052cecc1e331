package net.cpmpf.delivery.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import net.cpmpf.events.RegisteredContact;
import org.junit.jupiter.api.Test;

class StoredContactsCodecTest {

    private final StoredContactsCodec codec = new StoredContactsCodec();

    private final RegisteredContact phone = new RegisteredContact(
            "sip:bob@192.0.2.7:5060;transport=tcp",
            "urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
            "sip:bob@example.com;gr=urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
            "sip:tgruu.7hs==@example.com;gr",
            List.of("+g.oma.sip-im", "+g.3gpp.icsi-ref=\"urn%3Aurn-7%3A3gpp-service.ims.icsi.oma.cpm.msg\""),
            Instant.parse("2026-05-01T10:00:00.250Z"));

    private final RegisteredContact bare = new RegisteredContact(
            "sip:bob@192.0.2.8", null, null, null, List.of(), Instant.parse("2026-05-01T11:00:00Z"));

    @Test
    void roundTripsEveryField() {
        assertThat(codec.decode(codec.encode(List.of(phone, bare)))).containsExactly(phone, bare);
    }

    @Test
    void writesInstantsAsIsoText() {
        assertThat(codec.encode(List.of(bare))).contains("\"expiresAt\":\"2026-05-01T11:00:00Z\"");
    }

    @Test
    void readsEntriesWithFieldsItDoesNotKnow() {
        String newer = """
                [{"contactUri":"sip:bob@192.0.2.8","expiresAt":"2026-05-01T11:00:00Z","q":"0.5"}]""";
        assertThat(codec.decode(newer)).containsExactly(bare);
    }

    @Test
    void refusesWhatIsNotAContactList() {
        for (String corrupt : List.of("not json", "{}", "[null]", "[{\"contactUri\":\"sip:x@y\"}]")) {
            assertThatThrownBy(() -> codec.decode(corrupt))
                    .as(corrupt)
                    .isInstanceOf(StoredContactsCodec.CorruptEntryException.class);
        }
    }
}
