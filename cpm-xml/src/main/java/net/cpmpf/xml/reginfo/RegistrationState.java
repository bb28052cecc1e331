package net.cpmpf.xml.reginfo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import net.cpmpf.events.CpmAddress;
import net.cpmpf.events.RegisteredContact;

/**
 * The registration state one {@code reg} event subscription has learned (RFC 3680 §5): the last document version and
 * the registrations with their active contacts, keyed by AoR in {@link CpmAddress} normal form.
 *
 * <p>Versions: a document whose version is not above the one held is stale and ignored. A full document with a newer
 * version replaces the whole state, whatever the gap. A partial document must be exactly the next version and only
 * updates what it lists: an active contact is added or replaced, a terminated contact is removed, a terminated
 * registration is removed with all its contacts. A partial document that skips a version, or arrives before any full
 * one, leaves the state untouched and asks for a resync: the subscriber refreshes its SUBSCRIBE, and the full
 * document that follows recovers. Versions are scoped to one subscription: a new subscription (new dialog) starts
 * over at 0 and needs a new instance.
 *
 * <p>Each contact's expiry is fixed when its document is applied: the clock's time then plus its {@code expires}
 * ({@link #DEFAULT_EXPIRES} when the registrar leaves it out); contacts whose expiry has passed are no longer
 * returned. Size is bounded by the documents applied ({@link ReginfoLimits}). Thread-safe.
 */
public final class RegistrationState {

    /** The expiry assumed for a contact reported without {@code expires}: the RFC 3261 registrar default. */
    public static final Duration DEFAULT_EXPIRES = Duration.ofHours(1);

    private record StoredContact(Contact contact, Instant expiresAt) {}

    private record StoredRegistration(String id, Map<String, StoredContact> contacts) {}

    private final Clock clock;
    private long version = -1;
    private Map<String, StoredRegistration> registrations = Map.of();

    public RegistrationState(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Applies one parsed NOTIFY body; see the class comment for the rules. */
    public synchronized ApplyResult apply(Reginfo document) {
        if (version >= 0 && document.version() <= version) {
            return ApplyResult.unchanged(ApplyResult.Outcome.IGNORED_STALE);
        }
        boolean full = document.state() == Reginfo.State.FULL;
        if (!full && (version < 0 || document.version() != version + 1)) {
            return ApplyResult.unchanged(ApplyResult.Outcome.RESYNC_NEEDED);
        }
        Instant now = clock.instant();
        Map<String, StoredRegistration> next = full ? new LinkedHashMap<>() : new LinkedHashMap<>(registrations);
        for (Registration registration : document.registrations()) {
            String aor = CpmAddress.normalize(registration.aor());
            if (registration.state() == Registration.State.TERMINATED) {
                next.remove(aor);
                continue;
            }
            StoredRegistration previous = next.get(aor);
            // A new registration id means the registrar dropped the old registration and made a new one, whose
            // contact ids share nothing with the old ones.
            Map<String, StoredContact> contacts =
                    previous != null && previous.id().equals(registration.id())
                            ? new LinkedHashMap<>(previous.contacts())
                            : new LinkedHashMap<>();
            for (Contact contact : registration.contacts()) {
                if (contact.state() == Contact.State.ACTIVE) {
                    contacts.put(contact.id(), new StoredContact(contact, now.plus(expiry(contact))));
                } else {
                    contacts.remove(contact.id());
                }
            }
            next.put(aor, new StoredRegistration(registration.id(), Collections.unmodifiableMap(contacts)));
        }
        Set<String> changed = new LinkedHashSet<>();
        for (String aor : union(registrations.keySet(), next.keySet())) {
            if (!Objects.equals(registrations.get(aor), next.get(aor))) {
                changed.add(aor);
            }
        }
        registrations = Collections.unmodifiableMap(next);
        version = document.version();
        return new ApplyResult(ApplyResult.Outcome.APPLIED, changed);
    }

    /** The version of the last document applied, or empty before the first. */
    public synchronized OptionalLong version() {
        return version < 0 ? OptionalLong.empty() : OptionalLong.of(version);
    }

    /** The AoRs with a registration that is not terminated, in {@link CpmAddress} normal form. */
    public synchronized Set<String> aors() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(registrations.keySet()));
    }

    /**
     * The active, unexpired contacts of {@code aor} (any form {@link CpmAddress#normalize} accepts), in the order the
     * registrar reported them; empty for an AoR that is not registered.
     *
     * @throws IllegalArgumentException if {@code aor} is not a CPM address
     */
    public synchronized List<RegisteredContact> contacts(String aor) {
        StoredRegistration registration = registrations.get(CpmAddress.normalize(aor));
        if (registration == null) {
            return List.of();
        }
        Instant now = clock.instant();
        List<RegisteredContact> active = new ArrayList<>();
        for (StoredContact stored : registration.contacts().values()) {
            if (stored.expiresAt().isAfter(now)) {
                active.add(toRegisteredContact(stored));
            }
        }
        return List.copyOf(active);
    }

    private static RegisteredContact toRegisteredContact(StoredContact stored) {
        Contact contact = stored.contact();
        return new RegisteredContact(
                contact.uri(),
                ContactParams.instanceId(contact),
                contact.pubGruu(),
                contact.tempGruu() == null ? null : contact.tempGruu().uri(),
                ContactParams.featureTags(contact),
                stored.expiresAt());
    }

    private static Duration expiry(Contact contact) {
        return contact.expires() == null ? DEFAULT_EXPIRES : Duration.ofSeconds(contact.expires());
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return all;
    }
}
