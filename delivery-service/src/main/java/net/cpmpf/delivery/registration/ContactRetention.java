package net.cpmpf.delivery.registration;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import net.cpmpf.delivery.system.DeliveryProperties;
import net.cpmpf.events.RegisteredContact;

/** Which contacts the cache keeps, for how long, and which of them still count. */
final class ContactRetention {

    private static final Comparator<RegisteredContact> FRESHEST_FIRST =
            Comparator.comparing(RegisteredContact::expiresAt).reversed();

    private final int maxContacts;
    private final Duration expiryGrace;

    ContactRetention(DeliveryProperties.Registrations limits) {
        this.maxContacts = limits.maxContacts();
        this.expiryGrace = limits.expiryGrace();
    }

    /** At most the configured number of contacts: those that expire last, since they were refreshed last. */
    List<RegisteredContact> keep(List<RegisteredContact> contacts) {
        if (contacts.size() <= maxContacts) {
            return contacts;
        }
        return contacts.stream().sorted(FRESHEST_FIRST).limit(maxContacts).toList();
    }

    /** When the user's entry may vanish: the last contact's expiry plus the grace. */
    Instant expireAt(List<RegisteredContact> contacts) {
        return contacts.stream()
                .map(RegisteredContact::expiresAt)
                .max(Comparator.naturalOrder())
                .orElseThrow(() -> new IllegalArgumentException("no contacts"))
                .plus(expiryGrace);
    }

    /** The contacts whose registration has not ended at {@code now}. */
    static List<RegisteredContact> active(List<RegisteredContact> contacts, Instant now) {
        return contacts.stream().filter(c -> c.expiresAt().isAfter(now)).toList();
    }
}
