package net.cpmpf.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LargeMessageFeatureTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "*;+g.oma.sip-im.large-message",
                "*;+G.OMA.SIP-IM.LARGE-MESSAGE;explicit;require",
                "*;+g.3gpp.icsi-ref=\"urn%3Aurn-7%3A3gpp-service.ims.icsi.oma.cpm.largemsg\"",
                "*;+g.3gpp.icsi-ref=\"urn%3Aurn-7%3A3gpp-service.ims.icsi.oma.cpm.msg,urn%3Aurn-7%3A3gpp-service.ims.icsi.oma.cpm.largemsg\"",
                "*;+g.3gpp.icsi-ref=\"urn:urn-7:3gpp-service.ims.icsi.oma.cpm.largemsg\"",
                "<sip:alice@192.0.2.1:5070;transport=tcp>;+g.oma.sip-im;+g.oma.sip-im.large-message",
                "*;+g.oma.sip-im, *;+g.oma.sip-im.large-message"
            })
    void recognised(String value) {
        assertThat(LargeMessageFeature.requested(List.of(value))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "*;+g.oma.sip-im",
                "*;+g.3gpp.icsi-ref=\"urn%3Aurn-7%3A3gpp-service.ims.icsi.oma.cpm.session\"",
                "<sip:alice@example.com;+g.oma.sip-im.large-message>",
                "*;+g.oma.sip-im.large-message=\"x\"",
                "*;description=\"+g.oma.sip-im.large-message\"",
                ""
            })
    void notRecognised(String value) {
        assertThat(LargeMessageFeature.requested(List.of(value))).isFalse();
    }

    @Test
    void selectionPicksOnlyLargeMessageClients() {
        var selection = new ClientSelection(List.of(LargeMessageFeature.TAG, LargeMessageFeature.ICSI_TAG), true);
        var expires = java.time.Instant.parse("2030-01-01T00:00:00Z");
        var omaClient = new RegisteredContact(
                "sip:b1@192.0.2.1",
                "urn:uuid:1",
                "sip:bob@example.com;gr=urn:uuid:1",
                null,
                List.of("+g.oma.sip-im", "+g.oma.sip-im.large-message"),
                expires);
        var icsiClient = new RegisteredContact(
                "sip:b2@192.0.2.2",
                "urn:uuid:2",
                "sip:bob@example.com;gr=urn:uuid:2",
                null,
                List.of("+g.3gpp.icsi-ref=\"urn%3Aurn-7%3A3gpp-service.ims.icsi.oma.cpm.largemsg\""),
                expires);
        var pagerOnly = new RegisteredContact(
                "sip:b3@192.0.2.3",
                "urn:uuid:3",
                "sip:bob@example.com;gr=urn:uuid:3",
                null,
                List.of("+g.oma.sip-im"),
                expires);

        var targets = selection.select(List.of(omaClient, pagerOnly, icsiClient));

        assertThat(targets).extracting(ForkTarget::instanceId).containsExactly("urn:uuid:1", "urn:uuid:2");
    }
}
