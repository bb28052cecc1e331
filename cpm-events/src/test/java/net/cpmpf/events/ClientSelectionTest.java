package net.cpmpf.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientSelectionTest {

    private static final List<String> CPM =
            List.of("+g.oma.sip-im", "+g.3gpp.icsi-ref=urn%3Aurn-7%3A3gpp-service.ims.icsi.oma.cpm.msg");

    private final ClientSelection strict = new ClientSelection(CPM, true);
    private final ClientSelection lenient = new ClientSelection(CPM, false);

    @Test
    void capableClientsAreReachedAtTheirPublicGruu() {
        var phone = contact("sip:bob@192.0.2.1", "urn:uuid:1", "sip:bob@example.com;gr=urn:uuid:1", "+g.oma.sip-im");
        var tablet = contact(
                "sip:bob@192.0.2.2",
                "urn:uuid:2",
                "sip:bob@example.com;gr=urn:uuid:2",
                "+g.3gpp.icsi-ref=\"urn%3Aurn-7%3A3gpp-service.ims.icsi.mmtel,"
                        + "urn%3Aurn-7%3A3gpp-service.ims.icsi.oma.cpm.msg\"");

        assertThat(strict.select(List.of(phone, tablet)))
                .containsExactly(
                        new ForkTarget("sip:bob@example.com;gr=urn:uuid:1", "urn:uuid:1"),
                        new ForkTarget("sip:bob@example.com;gr=urn:uuid:2", "urn:uuid:2"));
    }

    @Test
    void clientsWithoutACpmCapabilityAreLeftOut() {
        var voiceOnly = contact(
                "sip:bob@192.0.2.3",
                "urn:uuid:3",
                "sip:bob@example.com;gr=urn:uuid:3",
                "+g.3gpp.icsi-ref=\"urn%3Aurn-7%3A3gpp-service.ims.icsi.mmtel\"");
        var bare = contact("sip:bob@192.0.2.4", null, null);

        assertThat(strict.select(List.of(voiceOnly, bare))).isEmpty();
        assertThat(lenient.select(List.of(voiceOnly, bare))).containsExactly(new ForkTarget("sip:bob@192.0.2.4", null));
    }

    @Test
    void oneCopyPerDeviceEvenWithSeveralContacts() {
        var udp = contact("sip:bob@192.0.2.1", "urn:uuid:1", "sip:bob@example.com;gr=urn:uuid:1", "+g.oma.sip-im");
        var tcp = contact(
                "sip:bob@192.0.2.1;transport=tcp", "urn:uuid:1", "sip:bob@example.com;gr=urn:uuid:1", "+g.oma.sip-im");

        assertThat(strict.select(List.of(udp, tcp))).hasSize(1);
    }

    @Test
    void featureTagNamesAreCaseInsensitive() {
        var shouting = contact("sip:bob@192.0.2.5", "urn:uuid:5", null, "+G.OMA.SIP-IM");

        assertThat(strict.select(List.of(shouting))).containsExactly(new ForkTarget("sip:bob@192.0.2.5", "urn:uuid:5"));
    }

    private static RegisteredContact contact(String uri, String instance, String gruu, String... tags) {
        return new RegisteredContact(
                uri, instance, gruu, null, List.of(tags), Instant.now().plusSeconds(600));
    }
}
