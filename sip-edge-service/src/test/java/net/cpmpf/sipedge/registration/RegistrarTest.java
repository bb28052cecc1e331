package net.cpmpf.sipedge.registration;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistrarTest {

    private static final String BOB = "sip:bob@example.com";
    private static final String PHONE = "urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6";
    private static final String TABLET = "urn:uuid:0e9e8a7c-5b8c-4d5f-9c8e-3a2b1c0d9e8f";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final Registrar registrar = new Registrar(
            new RegistrarLimits(Duration.ofSeconds(60), Duration.ofHours(1), Duration.ofMinutes(10), 3, 2), clock);

    @Test
    void instanceGetsPublicAndTemporaryGruu() {
        var outcome = (RegisterOutcome.Registered) registrar.register(register("c1", 1, null, phone("600")));

        var binding = outcome.bindings().get(0);
        assertThat(binding.instanceId()).isEqualTo(PHONE);
        assertThat(binding.publicGruu()).isEqualTo(BOB + ";gr=" + PHONE);
        assertThat(binding.tempGruu()).startsWith("sip:tgruu.").endsWith("@example.com;gr");
        assertThat(binding.featureTags()).containsExactly("+g.oma.sip-im");
        assertThat(binding.expiresAt()).isEqualTo(clock.instant().plusSeconds(600));
        assertThat(outcome.changed()).isTrue();
        assertThat(registrar.resolve(binding.publicGruu())).contains(binding);
        assertThat(registrar.resolve(binding.tempGruu())).contains(binding);
    }

    @Test
    void refreshKeepsTheTemporaryGruuOfTheSameCallAndReplacesTheBinding() {
        var first = (RegisterOutcome.Registered) registrar.register(register("c1", 1, null, phone("600")));
        clock.advance(Duration.ofSeconds(300));

        var refreshed = (RegisterOutcome.Registered) registrar.register(register("c1", 2, null, phone("600")));

        assertThat(refreshed.bindings()).hasSize(1);
        assertThat(refreshed.bindings().get(0).tempGruu())
                .isEqualTo(first.bindings().get(0).tempGruu());
        assertThat(refreshed.bindings().get(0).expiresAt())
                .isEqualTo(clock.instant().plusSeconds(600));
        assertThat(refreshed.version()).isGreaterThan(first.version());
    }

    @Test
    void twoDevicesThenOneLeavesWithExpiresZero() {
        registrar.register(register("c1", 1, null, phone("600")));
        registrar.register(register("c2", 1, null, contact("sip:bob@192.0.2.9:5080", TABLET, "600")));
        assertThat(registrar.bindings(BOB)).hasSize(2);

        var outcome = (RegisterOutcome.Registered) registrar.register(register("c1", 2, null, phone("0")));

        assertThat(outcome.bindings()).extracting(Binding::instanceId).containsExactly(TABLET);
        assertThat(registrar.resolve(BOB + ";gr=" + PHONE)).isEmpty();
    }

    @Test
    void wildcardWithExpiresZeroRemovesEverything() {
        registrar.register(register("c1", 1, null, phone("600")));

        var outcome =
                (RegisterOutcome.Registered) registrar.register(new RegisterRequest(BOB, "c9", 1, 0, true, List.of()));

        assertThat(outcome.bindings()).isEmpty();
        assertThat(outcome.changed()).isTrue();
        assertThat(registrar.bindings(BOB)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"30, 423", "59, 423"})
    void tooBriefIsRefusedWithMinExpires(String expires, int status) {
        var outcome = (RegisterOutcome.Refused) registrar.register(register("c1", 1, null, phone(expires)));

        assertThat(outcome.status()).isEqualTo(status);
        assertThat(outcome.minExpires()).isEqualTo("60");
        assertThat(registrar.bindings(BOB)).isEmpty();
    }

    @Test
    void longRegistrationIsShortenedAndHeaderExpiresApplies() {
        var outcome = (RegisterOutcome.Registered) registrar.register(register("c1", 1, 86_400, phone(null)));

        assertThat(outcome.bindings().get(0).expiresAt())
                .isEqualTo(clock.instant().plus(Duration.ofHours(1)));
    }

    @Test
    void outOfOrderCSeqOnTheSameCallIsRefused() {
        registrar.register(register("c1", 5, null, phone("600")));

        var outcome = registrar.register(register("c1", 5, null, phone("600")));

        assertThat(outcome).isInstanceOf(RegisterOutcome.Refused.class);
    }

    @Test
    void wildcardWithoutExpiresZeroIsBadRequest() {
        var outcome =
                (RegisterOutcome.Refused) registrar.register(new RegisterRequest(BOB, "c1", 1, 600, true, List.of()));

        assertThat(outcome.status()).isEqualTo(400);
    }

    @Test
    void limitsOnContactsAndUsers() {
        for (int i = 0; i < 3; i++) {
            registrar.register(register("c" + i, 1, null, contact("sip:bob@192.0.2." + i, "urn:uuid:" + i, "600")));
        }
        var fourth = registrar.register(register("c4", 1, null, contact("sip:bob@192.0.2.4", "urn:uuid:4", "600")));
        assertThat(((RegisterOutcome.Refused) fourth).status()).isEqualTo(403);

        registrar.register(new RegisterRequest("sip:carol@example.com", "x", 1, null, false, List.of(phone("600"))));
        var third = registrar.register(
                new RegisterRequest("sip:dave@example.com", "y", 1, null, false, List.of(phone("600"))));
        assertThat(((RegisterOutcome.Refused) third).status()).isEqualTo(503);
    }

    @Test
    void expiryDropsBindingsAndReportsTheChange() {
        registrar.register(register("c1", 1, null, phone("600")));
        registrar.register(register("c2", 1, null, contact("sip:bob@192.0.2.9", TABLET, "3600")));
        clock.advance(Duration.ofSeconds(601));

        var changed = registrar.expire();

        assertThat(changed).singleElement().satisfies(c -> {
            assertThat(c.aor()).isEqualTo(BOB);
            assertThat(c.bindings()).extracting(Binding::instanceId).containsExactly(TABLET);
        });
        assertThat(registrar.resolve(BOB + ";gr=" + PHONE)).isEmpty();
        assertThat(registrar.expire()).isEmpty();
    }

    @Test
    void contactWithoutInstanceHasNoGruu() {
        var outcome = (RegisterOutcome.Registered)
                registrar.register(register("c1", 1, null, contact("sip:bob@192.0.2.1", null, "600")));

        assertThat(outcome.bindings().get(0).publicGruu()).isNull();
        assertThat(outcome.bindings().get(0).tempGruu()).isNull();
    }

    private static RegisterRequest register(
            String callId, long cseq, Integer expires, RegisterRequest.Contact contact) {
        return new RegisterRequest(BOB, callId, cseq, expires, false, List.of(contact));
    }

    private static RegisterRequest.Contact phone(String expires) {
        return contact("sip:bob@192.0.2.4:5070;transport=tcp", PHONE, expires);
    }

    private static RegisterRequest.Contact contact(String uri, String instance, String expires) {
        Map<String, String> params = new LinkedHashMap<>();
        if (instance != null) {
            params.put("+sip.instance", "\"<" + instance + ">\"");
        }
        params.put("+g.oma.sip-im", null);
        if (expires != null) {
            params.put("expires", expires);
        }
        return new RegisterRequest.Contact(uri, params);
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
