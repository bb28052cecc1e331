package net.cpmpf.sipedge.registration;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import net.cpmpf.events.CpmAddress;

/**
 * The lab-mode registrar (RFC 3261 §10.3) with GRUUs (RFC 5627). Bindings live in memory: in lab mode clients
 * register with the PF directly, and re-register after a restart. In IMS mode the S-CSCF is the registrar and this
 * class is not used. Thread-safe: each AoR is updated atomically.
 */
final class Registrar {

    private final RegistrarLimits limits;
    private final Clock clock;
    private final Map<String, UserBindings> users = new ConcurrentHashMap<>();
    /** Temporary GRUU → AoR; public GRUUs carry their AoR in themselves. */
    private final Map<String, String> tempGruus = new ConcurrentHashMap<>();

    Registrar(RegistrarLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    RegisterOutcome register(RegisterRequest request) {
        Instant now = clock.instant();
        RegisterOutcome[] outcome = new RegisterOutcome[1];
        users.compute(request.aor(), (aor, current) -> {
            if (current == null
                    && users.size() >= limits.maxUsers()
                    && !request.contacts().isEmpty()) {
                outcome[0] = RegisterOutcome.Refused.of(503, "Service Unavailable");
                return null;
            }
            var state = current == null ? new UserBindings() : current;
            List<Binding> before = List.copyOf(state.bindings.values());
            state.dropExpired(now);
            outcome[0] = apply(state, request, now);
            reindex(aor, before, state.bindings.values());
            return state.bindings.isEmpty() ? null : state;
        });
        return outcome[0];
    }

    private RegisterOutcome apply(UserBindings state, RegisterRequest request, Instant now) {
        if (request.wildcard()) {
            if (request.contacts().size() > 0 || request.expires() == null || request.expires() != 0) {
                return RegisterOutcome.Refused.of(400, "Bad Request: Contact * needs Expires: 0 and no other contact");
            }
            boolean changed = !state.bindings.isEmpty();
            state.bindings.clear();
            return registered(request.aor(), state, changed);
        }
        Map<String, Binding> next = new LinkedHashMap<>(state.bindings);
        for (var contact : request.contacts()) {
            var parsed = ContactParameters.of(contact, request.expires(), limits);
            if (parsed.tooBrief()) {
                return new RegisterOutcome.Refused(
                        423,
                        "Interval Too Brief",
                        Long.toString(limits.minExpires().toSeconds()));
            }
            String key = parsed.instanceId() != null ? parsed.instanceId() : contact.uri();
            Binding existing = next.get(key);
            if (existing != null && existing.callId().equals(request.callId()) && existing.cseq() >= request.cseq()) {
                return RegisterOutcome.Refused.of(400, "Bad Request: CSeq out of order");
            }
            if (parsed.expires().isZero()) {
                next.remove(key);
            } else {
                next.put(key, bind(request, contact.uri(), parsed, existing, now));
            }
        }
        if (next.size() > limits.maxContactsPerUser()) {
            return RegisterOutcome.Refused.of(403, "Forbidden: too many contacts");
        }
        boolean changed = !request.contacts().isEmpty();
        state.bindings.clear();
        state.bindings.putAll(next);
        return registered(request.aor(), state, changed);
    }

    private static Binding bind(
            RegisterRequest request, String uri, ContactParameters parsed, Binding existing, Instant now) {
        String instance = parsed.instanceId();
        String publicGruu = instance == null ? null : request.aor() + ";gr=" + instance;
        String tempGruu = null;
        if (instance != null) {
            boolean sameCall = existing != null && request.callId().equals(existing.callId());
            tempGruu = sameCall ? existing.tempGruu() : temporaryGruu(request.aor());
        }
        return new Binding(
                uri,
                instance,
                publicGruu,
                tempGruu,
                parsed.featureTags(),
                request.callId(),
                request.cseq(),
                now.plus(parsed.expires()));
    }

    private static String temporaryGruu(String aor) {
        int at = aor.lastIndexOf('@');
        String domain = at < 0 ? aor.substring(aor.indexOf(':') + 1) : aor.substring(at + 1);
        return "sip:tgruu." + UUID.randomUUID() + "@" + domain + ";gr";
    }

    private RegisterOutcome.Registered registered(String aor, UserBindings state, boolean changed) {
        if (changed) {
            // Time-based, so versions keep increasing across restarts of the edge.
            state.version = Math.max(state.version + 1, clock.millis());
        }
        return new RegisterOutcome.Registered(aor, List.copyOf(state.bindings.values()), changed, state.version);
    }

    /**
     * The live binding a GRUU this registrar minted stands for; for an AoR it serves, its freshest binding (this
     * registrar is no forking proxy: requests for the AoR itself, such as system messages, reach one client).
     */
    Optional<Binding> resolve(String gruu) {
        int gr = gruu.indexOf(";gr=");
        String aor = gr > 0 ? gruu.substring(0, gr) : tempGruus.get(gruu);
        if (aor == null) {
            return freshest(gruu);
        }
        return bindings(aor).stream()
                .filter(b -> gruu.equals(b.publicGruu()) || gruu.equals(b.tempGruu()))
                .findFirst();
    }

    private Optional<Binding> freshest(String uri) {
        try {
            return bindings(CpmAddress.normalize(uri)).stream().max(Comparator.comparing(Binding::expiresAt));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Live bindings of an AoR. */
    List<Binding> bindings(String aor) {
        var state = users.get(aor);
        Instant now = clock.instant();
        return state == null
                ? List.of()
                : state.bindings.values().stream()
                        .filter(b -> b.expiresAt().isAfter(now))
                        .toList();
    }

    /** Removes what expired; returns the new state of each AoR that lost bindings, so it can be published. */
    List<RegisterOutcome.Registered> expire() {
        Instant now = clock.instant();
        List<RegisterOutcome.Registered> changed = new ArrayList<>();
        for (String aor : List.copyOf(users.keySet())) {
            users.computeIfPresent(aor, (key, state) -> {
                List<Binding> before = List.copyOf(state.bindings.values());
                if (state.dropExpired(now)) {
                    changed.add(registered(key, state, true));
                    reindex(key, before, state.bindings.values());
                }
                return state.bindings.isEmpty() ? null : state;
            });
        }
        return changed;
    }

    private void reindex(String aor, Collection<Binding> before, Collection<Binding> after) {
        before.stream().map(Binding::tempGruu).filter(Objects::nonNull).forEach(tempGruus::remove);
        after.stream().map(Binding::tempGruu).filter(Objects::nonNull).forEach(gruu -> tempGruus.put(gruu, aor));
    }

    /** The bindings of one AoR, keyed by instance id (or contact URI without one), and its change counter. */
    private static final class UserBindings {
        final Map<String, Binding> bindings = new LinkedHashMap<>();
        long version;

        boolean dropExpired(Instant now) {
            return bindings.values().removeIf(b -> !b.expiresAt().isAfter(now));
        }
    }
}
