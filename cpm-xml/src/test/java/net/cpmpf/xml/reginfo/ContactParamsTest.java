package net.cpmpf.xml.reginfo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContactParamsTest {

    @ParameterizedTest(name = "{0}={1} → {2}")
    @CsvSource(
            delimiter = '|',
            nullValues = "NULL",
            value = {
                "+g.oma.sip-im            | NULL                 | +g.oma.sip-im",
                "+G.OMA.SIP-IM            | NULL                 | +g.oma.sip-im",
                "+g.3gpp.icsi-ref         | '\"urn%3Aa%3Ab\"'   | +g.3gpp.icsi-ref=\"urn%3Aa%3Ab\"",
                "+u.example               | token                | +u.example=\"token\"",
                "audio                    | NULL                 | audio",
                "methods                  | '\"INVITE,MESSAGE\"' | methods=\"INVITE,MESSAGE\"",
                "automata                 | NULL                 | automata",
                "+sip.instance            | '\"<urn:uuid:1>\"'  | NULL",
                "reg-id                   | 1                    | NULL",
                "transport                | tcp                  | NULL",
                "+                        | NULL                 | NULL"
            })
    void appliesTheFeatureTagRule(String name, String value, String expected) {
        Contact contact = contactWith(new Contact.UnknownParam(name, value));

        assertThat(ContactParams.featureTags(contact)).isEqualTo(expected == null ? List.of() : List.of(expected));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            nullValues = "NULL",
            value = {
                "'\"<urn:uuid:f81d4fae>\"' | urn:uuid:f81d4fae",
                "<urn:uuid:f81d4fae>       | urn:uuid:f81d4fae",
                "urn:uuid:f81d4fae         | urn:uuid:f81d4fae",
                "'\"<>\"'                  | NULL",
                "NULL                      | NULL"
            })
    void readsTheInstanceId(String value, String expected) {
        assertThat(ContactParams.instanceId(contactWith(new Contact.UnknownParam("+sip.instance", value))))
                .isEqualTo(expected);
    }

    private static Contact contactWith(Contact.UnknownParam... params) {
        return new Contact(
                "1",
                Contact.State.ACTIVE,
                Contact.Event.REGISTERED,
                60L,
                null,
                null,
                null,
                "sip:a@192.0.2.1",
                null,
                Arrays.asList(params),
                null,
                null);
    }
}
