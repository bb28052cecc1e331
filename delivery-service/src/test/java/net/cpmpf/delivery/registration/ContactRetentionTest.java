package net.cpmpf.delivery.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.cpmpf.delivery.system.DeliveryProperties;
import net.cpmpf.events.RegisteredContact;
import org.junit.jupiter.api.Test;

class ContactRetentionTest {

    private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");

    private final ContactRetention retention =
            new ContactRetention(new DeliveryProperties.Registrations(2, Duration.ofSeconds(30)));

    @Test
    void keepsEverythingWithinTheLimit() {
        var contacts = List.of(contact("a", 60), contact("b", 30));
        assertThat(retention.keep(contacts)).isEqualTo(contacts);
    }

    @Test
    void keepsTheFreshestBeyondTheLimit() {
        var contacts = List.of(contact("old", 10), contact("newest", 90), contact("newer", 60));
        assertThat(retention.keep(contacts))
                .extracting(RegisteredContact::contactUri)
                .containsExactly("sip:newest@10.0.0.1", "sip:newer@10.0.0.1");
    }

    @Test
    void entryExpiresWithTheLastContactPlusGrace() {
        var contacts = List.of(contact("a", 60), contact("b", 3600), contact("c", 5));
        assertThat(retention.expireAt(contacts)).isEqualTo(NOW.plusSeconds(3600 + 30));
    }

    @Test
    void noContactsHaveNoExpiry() {
        assertThatThrownBy(() -> retention.expireAt(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void activeDropsContactsWhoseRegistrationEnded() {
        var contacts = List.of(contact("gone", -1), contact("ending-now", 0), contact("live", 1));
        assertThat(ContactRetention.active(contacts, NOW))
                .extracting(RegisteredContact::contactUri)
                .containsExactly("sip:live@10.0.0.1");
    }

    private static RegisteredContact contact(String name, long expiresInSeconds) {
        return new RegisteredContact(
                "sip:" + name + "@10.0.0.1", null, null, null, List.of(), NOW.plusSeconds(expiresInSeconds));
    }
}
