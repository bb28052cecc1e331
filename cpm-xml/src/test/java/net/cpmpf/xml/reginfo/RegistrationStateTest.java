package net.cpmpf.xml.reginfo;

import static net.cpmpf.xml.reginfo.Documents.bytes;
import static net.cpmpf.xml.reginfo.Documents.contact;
import static net.cpmpf.xml.reginfo.Documents.reginfo;
import static net.cpmpf.xml.reginfo.Documents.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import net.cpmpf.events.RegisteredContact;
import net.cpmpf.xml.MalformedDocumentException;
import net.cpmpf.xml.reginfo.ApplyResult.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistrationStateTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final String ALICE = "sip:alice@example.com";
    private static final String PC = contact("1", "active", "registered", 600, "sip:alice@192.0.2.1");
    private static final String PHONE = contact("2", "active", "registered", 300, "sip:alice@192.0.2.2");

    private final MutableClock clock = new MutableClock(T0);
    private final RegistrationState state = new RegistrationState(clock);
    private final ReginfoParser parser = new ReginfoParser();

    @Test
    void turnsTheRfc5628ExampleIntoRegisteredContacts() throws MalformedDocumentException {
        assertThat(apply(Documents.RFC5628_EXAMPLE).changedAors()).containsExactly("sip:user@example.com");

        assertThat(state.contacts("sip:user@EXAMPLE.com"))
                .containsExactly(new RegisteredContact(
                        "sip:user@192.0.2.1",
                        Documents.INSTANCE,
                        Documents.PUB_GRUU,
                        Documents.TEMP_GRUU,
                        List.of(
                                "+g.oma.sip-im",
                                "+g.3gpp.icsi-ref=\"urn%3Aurn-7%3A3gpp-service.ims.icsi.oma.cpm.msg\"",
                                "methods=\"MESSAGE,INVITE\""),
                        T0.plusSeconds(3600)));
    }

    @Test
    void keepsOnlyActiveContactsOfTheRfc3680Example() throws MalformedDocumentException {
        assertThat(apply(Documents.RFC3680_EXAMPLE).outcome()).isEqualTo(Outcome.APPLIED);

        assertThat(state.aors()).containsExactly("sip:user@example.com");
        assertThat(state.contacts("sip:user@example.com"))
                .containsExactly(new RegisteredContact(
                        "sip:user@pc887.example.com",
                        null,
                        null,
                        null,
                        List.of(),
                        T0.plus(RegistrationState.DEFAULT_EXPIRES)));
    }

    @Test
    void followsTheRfc3680Flow() throws MalformedDocumentException {
        assertThat(apply(Documents.RFC3680_FLOW_INIT))
                .isEqualTo(new ApplyResult(Outcome.APPLIED, Set.of("sip:joe@example.com")));
        assertThat(state.aors()).containsExactly("sip:joe@example.com");
        assertThat(state.contacts("sip:joe@example.com")).isEmpty();

        assertThat(apply(Documents.RFC3680_FLOW_REGISTERED))
                .isEqualTo(new ApplyResult(Outcome.APPLIED, Set.of("sip:joe@example.com")));
        assertThat(state.contacts("sip:joe@example.com"))
                .extracting(RegisteredContact::contactUri)
                .containsExactly("sip:joe@pc34.example.com");
        assertThat(state.version()).hasValue(1);
    }

    @Test
    void partialDocumentsAddAndRemoveContacts() throws MalformedDocumentException {
        apply(reginfo(0, "full", registration(ALICE, "a", "active", PC)));

        clock.now = T0.plusSeconds(10);
        apply(reginfo(1, "partial", registration(ALICE, "a", "active", PHONE)));
        assertThat(state.contacts(ALICE))
                .extracting(RegisteredContact::contactUri, RegisteredContact::expiresAt)
                .containsExactly(
                        tuple("sip:alice@192.0.2.1", T0.plusSeconds(600)),
                        tuple("sip:alice@192.0.2.2", T0.plusSeconds(310)));

        apply(reginfo(
                2,
                "partial",
                registration(
                        ALICE, "a", "active", contact("1", "terminated", "unregistered", 0, "sip:alice@192.0.2.1"))));
        assertThat(state.contacts(ALICE))
                .extracting(RegisteredContact::contactUri)
                .containsExactly("sip:alice@192.0.2.2");
    }

    @Test
    void aTerminatedRegistrationDropsAllItsContactsAndOnlyItsOwn() throws MalformedDocumentException {
        apply(reginfo(
                0,
                "full",
                registration(ALICE, "a", "active", PC, PHONE),
                registration("tel:+15551234", "t", "active", PC)));

        ApplyResult result = apply(reginfo(
                1,
                "partial",
                registration(
                        ALICE,
                        "a",
                        "terminated",
                        contact("1", "terminated", "deactivated", 0, "sip:alice@192.0.2.1"))));

        assertThat(result).isEqualTo(new ApplyResult(Outcome.APPLIED, Set.of(ALICE)));
        assertThat(state.contacts(ALICE)).isEmpty();
        assertThat(state.aors()).containsExactly("tel:+15551234");
        assertThat(state.contacts("tel:+15551234")).hasSize(1);
    }

    @Test
    void aFullDocumentReplacesEverything() throws MalformedDocumentException {
        apply(reginfo(0, "full", registration(ALICE, "a", "active", PC)));

        ApplyResult result = apply(reginfo(1, "full", registration("sip:bob@example.com", "b", "active", PHONE)));

        assertThat(result.changedAors()).containsExactlyInAnyOrder(ALICE, "sip:bob@example.com");
        assertThat(state.aors()).containsExactly("sip:bob@example.com");
        assertThat(state.contacts(ALICE)).isEmpty();
    }

    @Test
    void aNewRegistrationIdForgetsTheOldContacts() throws MalformedDocumentException {
        apply(reginfo(0, "full", registration(ALICE, "a", "active", PC)));

        apply(reginfo(1, "partial", registration(ALICE, "a2", "active", PHONE)));

        assertThat(state.contacts(ALICE))
                .extracting(RegisteredContact::contactUri)
                .containsExactly("sip:alice@192.0.2.2");
    }

    @ParameterizedTest(name = "v{0} {1} after v5 → {2}")
    @CsvSource({
        "4, partial, IGNORED_STALE",
        "5, partial, IGNORED_STALE",
        "4, full,    IGNORED_STALE",
        "5, full,    IGNORED_STALE",
        "6, partial, APPLIED",
        "7, partial, RESYNC_NEEDED",
        "6, full,    APPLIED",
        "9, full,    APPLIED"
    })
    void ordersByVersion(long version, String documentState, Outcome expected) throws MalformedDocumentException {
        apply(reginfo(5, "full", registration(ALICE, "a", "active", PC)));

        ApplyResult result = apply(reginfo(version, documentState, registration(ALICE, "a", "terminated")));

        assertThat(result.outcome()).isEqualTo(expected);
        assertThat(state.contacts(ALICE)).hasSize(expected == Outcome.APPLIED ? 0 : 1);
        assertThat(state.version()).hasValue(expected == Outcome.APPLIED ? version : 5);
        if (expected != Outcome.APPLIED) {
            assertThat(result.changedAors()).isEmpty();
        }
    }

    @Test
    void aGapAsksForResyncAndTheNextFullDocumentRecovers() throws MalformedDocumentException {
        apply(reginfo(0, "full", registration(ALICE, "a", "active", PC)));

        assertThat(apply(reginfo(2, "partial", registration(ALICE, "a", "active", PHONE)))
                        .outcome())
                .isEqualTo(Outcome.RESYNC_NEEDED);
        assertThat(state.contacts(ALICE))
                .extracting(RegisteredContact::contactUri)
                .containsExactly("sip:alice@192.0.2.1");

        assertThat(apply(reginfo(3, "full", registration(ALICE, "a", "active", PC, PHONE)))
                        .outcome())
                .isEqualTo(Outcome.APPLIED);
        assertThat(state.contacts(ALICE)).hasSize(2);
        assertThat(apply(reginfo(
                                4,
                                "partial",
                                registration(
                                        ALICE,
                                        "a",
                                        "active",
                                        contact("2", "terminated", "expired", 0, "sip:alice@192.0.2.2"))))
                        .outcome())
                .isEqualTo(Outcome.APPLIED);
    }

    @Test
    void aPartialDocumentBeforeAnyFullOneAsksForResync() throws MalformedDocumentException {
        assertThat(apply(reginfo(0, "partial", registration(ALICE, "a", "active", PC)))
                        .outcome())
                .isEqualTo(Outcome.RESYNC_NEEDED);
        assertThat(state.aors()).isEmpty();
        assertThat(state.version()).isEmpty();
    }

    @Test
    void aRefreshThatChangesNothingReportsNoChangedAor() throws MalformedDocumentException {
        apply(reginfo(0, "full", registration(ALICE, "a", "active", PC)));

        assertThat(apply(reginfo(1, "partial", registration(ALICE, "a", "active", PC)))
                        .changedAors())
                .isEmpty();
    }

    @Test
    void expiredContactsAreNoLongerReturned() throws MalformedDocumentException {
        apply(reginfo(0, "full", registration(ALICE, "a", "active", PC, PHONE)));

        clock.now = T0.plusSeconds(300);

        assertThat(state.contacts(ALICE))
                .extracting(RegisteredContact::contactUri)
                .containsExactly("sip:alice@192.0.2.1");
    }

    private ApplyResult apply(String document) throws MalformedDocumentException {
        return state.apply(parser.parse(bytes(document)));
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
