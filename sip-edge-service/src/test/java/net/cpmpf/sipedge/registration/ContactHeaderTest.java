package net.cpmpf.sipedge.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContactHeaderTest {

    @Test
    void parsesInstanceFeatureTagsAndExpires() {
        var contacts = ContactHeader.parse(
                List.of(
                        "<sip:bob@192.0.2.4:5070;transport=tcp;ob>;+sip.instance=\"<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>\""
                                + ";+g.oma.sip-im;+g.3gpp.icsi-ref=\"urn%3Aurn-7%3A3gpp-service.ims.icsi.oma.cpm.msg\";expires=600"));

        assertThat(contacts).singleElement().satisfies(c -> {
            assertThat(c.uri()).isEqualTo("sip:bob@192.0.2.4:5070;transport=tcp;ob");
            assertThat(c.params())
                    .containsEntry("+sip.instance", "\"<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>\"")
                    .containsEntry("+g.oma.sip-im", null)
                    .containsEntry("+g.3gpp.icsi-ref", "\"urn%3Aurn-7%3A3gpp-service.ims.icsi.oma.cpm.msg\"")
                    .containsEntry("expires", "600");
        });
    }

    @Test
    void commasInsideQuotesAndBracketsDoNotSplit() {
        var contacts = ContactHeader.parse(
                List.of(
                        "\"Bob, at home\" <sip:bob@192.0.2.4;x=\"a,b\">;methods=\"INVITE,MESSAGE\", sip:bob@192.0.2.5;expires=60"));

        assertThat(contacts).hasSize(2);
        assertThat(contacts.get(0).uri()).isEqualTo("sip:bob@192.0.2.4;x=\"a,b\"");
        assertThat(contacts.get(0).params()).containsEntry("methods", "\"INVITE,MESSAGE\"");
        assertThat(contacts.get(1).uri()).isEqualTo("sip:bob@192.0.2.5");
        assertThat(contacts.get(1).params()).containsEntry("expires", "60");
    }

    @Test
    void wildcardAndSeveralHeaderLines() {
        assertThat(ContactHeader.parse(List.of("*"))).containsExactly(ContactHeader.WILDCARD);
        assertThat(ContactHeader.parse(List.of("<sip:a@x>", "<sip:b@x>"))).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"<sip:bob@x", "\"unbalanced <sip:bob@x>", "<>", "bob"})
    void malformedEntriesAreRefused(String value) {
        assertThatIllegalArgumentException().isThrownBy(() -> ContactHeader.parse(List.of(value)));
    }

    @Test
    void floodsAreRefused() {
        String many = String.join(",", Collections.nCopies(ContactHeader.MAX_ENTRIES + 1, "<sip:a@x>"));
        assertThatIllegalArgumentException().isThrownBy(() -> ContactHeader.parse(List.of(many)));
        String params = "<sip:a@x>"
                + IntStream.rangeClosed(0, ContactHeader.MAX_PARAMS)
                        .mapToObj(i -> ";p" + i)
                        .collect(Collectors.joining());
        assertThatIllegalArgumentException().isThrownBy(() -> ContactHeader.parse(List.of(params)));
    }
}
