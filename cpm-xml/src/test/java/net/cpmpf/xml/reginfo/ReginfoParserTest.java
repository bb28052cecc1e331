package net.cpmpf.xml.reginfo;

import static net.cpmpf.xml.reginfo.Documents.bytes;
import static net.cpmpf.xml.reginfo.Documents.contact;
import static net.cpmpf.xml.reginfo.Documents.reginfo;
import static net.cpmpf.xml.reginfo.Documents.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.stream.Stream;
import net.cpmpf.xml.MalformedDocumentException;
import net.cpmpf.xml.MalformedDocumentException.Reason;
import net.cpmpf.xml.XmlLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReginfoParserTest {

    private static final String NS = "xmlns=\"urn:ietf:params:xml:ns:reginfo\"";
    private final ReginfoParser parser = new ReginfoParser();

    @Test
    void parsesTheRfc3680Example() throws MalformedDocumentException {
        Reginfo reginfo = parser.parse(bytes(Documents.RFC3680_EXAMPLE));

        assertThat(reginfo.version()).isZero();
        assertThat(reginfo.state()).isEqualTo(Reginfo.State.FULL);
        assertThat(reginfo.registrations()).hasSize(1);
        Registration registration = reginfo.registrations().get(0);
        assertThat(registration.aor()).isEqualTo("sip:user@example.com");
        assertThat(registration.id()).isEqualTo("as9");
        assertThat(registration.state()).isEqualTo(Registration.State.ACTIVE);
        assertThat(registration.contacts())
                .containsExactly(
                        new Contact(
                                "76",
                                Contact.State.ACTIVE,
                                Contact.Event.REGISTERED,
                                null,
                                0.8,
                                null,
                                null,
                                "sip:user@pc887.example.com",
                                null,
                                List.of(),
                                null,
                                null),
                        new Contact(
                                "77",
                                Contact.State.TERMINATED,
                                Contact.Event.EXPIRED,
                                null,
                                0.5,
                                null,
                                null,
                                "sip:user@university.edu",
                                null,
                                List.of(),
                                null,
                                null));
    }

    @Test
    void parsesTheRfc3680FlowDocuments() throws MalformedDocumentException {
        Reginfo init = parser.parse(bytes(Documents.RFC3680_FLOW_INIT));
        Reginfo registered = parser.parse(bytes(Documents.RFC3680_FLOW_REGISTERED));

        assertThat(init.registrations())
                .containsExactly(new Registration("sip:joe@example.com", "a7", Registration.State.INIT, List.of()));
        assertThat(registered.version()).isEqualTo(1);
        assertThat(registered.state()).isEqualTo(Reginfo.State.PARTIAL);
        assertThat(registered.registrations().get(0).contacts())
                .extracting(Contact::id, Contact::uri)
                .containsExactly(tuple("76", "sip:joe@pc34.example.com"));
    }

    @Test
    void parsesTheRfc5628GruusAndUnknownParams() throws MalformedDocumentException {
        Contact contact = parser.parse(bytes(Documents.RFC5628_EXAMPLE))
                .registrations()
                .get(0)
                .contacts()
                .get(0);

        assertThat(contact)
                .isEqualTo(new Contact(
                        "76",
                        Contact.State.ACTIVE,
                        Contact.Event.REGISTERED,
                        3600L,
                        0.8,
                        "hrvh1jd6",
                        9L,
                        "sip:user@192.0.2.1",
                        "User",
                        List.of(
                                new Contact.UnknownParam("+sip.instance", "\"<" + Documents.INSTANCE + ">\""),
                                new Contact.UnknownParam("reg-id", "1"),
                                new Contact.UnknownParam("+g.oma.sip-im", null),
                                new Contact.UnknownParam(
                                        "+g.3gpp.icsi-ref", "\"urn%3Aurn-7%3A3gpp-service.ims.icsi.oma.cpm.msg\""),
                                new Contact.UnknownParam("methods", "\"MESSAGE,INVITE\"")),
                        Documents.PUB_GRUU,
                        new Contact.TempGruu(Documents.TEMP_GRUU, 9)));
    }

    @Test
    void matchesByNamespaceNotPrefix() throws MalformedDocumentException {
        String document = "<r:reginfo xmlns:r=\"urn:ietf:params:xml:ns:reginfo\" xmlns:x=\"urn:example:other\""
                + " version=\"4\" state=\"full\">"
                + "<x:registration aor=\"sip:ghost@example.com\" id=\"g\" state=\"active\"/>"
                + "<r:registration aor=\"sip:bob@example.com\" id=\"b\" state=\"active\">"
                + "<r:contact id=\"1\" state=\"active\" event=\"created\"><r:uri>sip:bob@192.0.2.9</r:uri>"
                + "<g:pub-gruu xmlns:g=\"urn:example:not-gruuinfo\" uri=\"sip:wrong@example.com\"/>"
                + "</r:contact></r:registration><x:trailer/></r:reginfo>";

        Reginfo reginfo = parser.parse(bytes(document));

        assertThat(reginfo.registrations()).extracting(Registration::aor).containsExactly("sip:bob@example.com");
        assertThat(reginfo.registrations().get(0).contacts().get(0).pubGruu()).isNull();
    }

    @Test
    void keepsTheNewestOfSeveralTempGruus() throws MalformedDocumentException {
        String contact = "<contact id=\"1\" state=\"active\" event=\"refreshed\"><uri>sip:a@192.0.2.1</uri>"
                + "<gr:temp-gruu xmlns:gr=\"urn:ietf:params:xml:ns:gruuinfo\" uri=\"sip:t2@example.com;gr\""
                + " first-cseq=\"20\"/>"
                + "<gr:temp-gruu xmlns:gr=\"urn:ietf:params:xml:ns:gruuinfo\" uri=\"sip:t1@example.com;gr\""
                + " first-cseq=\"10\"/></contact>";

        Reginfo reginfo =
                parser.parse(bytes(reginfo(0, "full", registration("sip:a@example.com", "r", "active", contact))));

        assertThat(reginfo.registrations().get(0).contacts().get(0).tempGruu())
                .isEqualTo(new Contact.TempGruu("sip:t2@example.com;gr", 20));
    }

    @Test
    void clampsHugeExpiresToTheLargestDeltaSeconds() throws MalformedDocumentException {
        String contact = "<contact id=\"1\" state=\"active\" event=\"registered\" expires=\"99999999999999999999999\">"
                + "<uri>sip:a@192.0.2.1</uri></contact>";

        Reginfo reginfo =
                parser.parse(bytes(reginfo(0, "full", registration("sip:a@example.com", "r", "active", contact))));

        assertThat(reginfo.registrations().get(0).contacts().get(0).expires()).isEqualTo(4_294_967_295L);
    }

    static Stream<Arguments> refusedDocuments() {
        String goodContact = contact("1", "active", "registered", 60, "sip:a@192.0.2.1");
        String goodRegistration = registration("sip:a@example.com", "r", "active", goodContact);
        return Stream.of(
                Arguments.of(
                        "wrong root namespace",
                        "<reginfo xmlns=\"urn:ietf:params:xml:ns:regnfo\" version=\"0\"" + " state=\"full\"/>",
                        Reason.UNEXPECTED_ROOT),
                Arguments.of(
                        "root without namespace", "<reginfo version=\"0\" state=\"full\"/>", Reason.UNEXPECTED_ROOT),
                Arguments.of("no version", "<reginfo " + NS + " state=\"full\"/>", Reason.MISSING_REQUIRED),
                Arguments.of("no state", "<reginfo " + NS + " version=\"0\"/>", Reason.MISSING_REQUIRED),
                Arguments.of(
                        "state in a foreign namespace only",
                        "<reginfo " + NS + " xmlns:x=\"urn:x\" version=\"0\"" + " x:state=\"full\"/>",
                        Reason.MISSING_REQUIRED),
                Arguments.of(
                        "registration without aor",
                        reginfo(0, "full", "<registration id=\"r\" state=\"active\"/>"),
                        Reason.MISSING_REQUIRED),
                Arguments.of(
                        "registration without id",
                        reginfo(0, "full", "<registration aor=\"sip:a@example.com\" state=\"active\"/>"),
                        Reason.MISSING_REQUIRED),
                Arguments.of(
                        "registration without state",
                        reginfo(0, "full", "<registration aor=\"sip:a@example.com\" id=\"r\"/>"),
                        Reason.MISSING_REQUIRED),
                Arguments.of(
                        "contact without id",
                        reginfo(
                                0,
                                "full",
                                registration(
                                        "sip:a@example.com",
                                        "r",
                                        "active",
                                        "<contact state=\"active\" event=\"registered\"><uri>sip:a@h</uri></contact>")),
                        Reason.MISSING_REQUIRED),
                Arguments.of(
                        "contact without event",
                        reginfo(
                                0,
                                "full",
                                registration(
                                        "sip:a@example.com",
                                        "r",
                                        "active",
                                        "<contact id=\"1\" state=\"active\"><uri>sip:a@h</uri></contact>")),
                        Reason.MISSING_REQUIRED),
                Arguments.of(
                        "contact without uri",
                        reginfo(
                                0,
                                "full",
                                registration(
                                        "sip:a@example.com",
                                        "r",
                                        "active",
                                        "<contact id=\"1\" state=\"active\" event=\"registered\"/>")),
                        Reason.MISSING_REQUIRED),
                Arguments.of(
                        "uri in a foreign namespace",
                        reginfo(
                                0,
                                "full",
                                registration(
                                        "sip:a@example.com",
                                        "r",
                                        "active",
                                        "<contact id=\"1\" state=\"active\" event=\"registered\">"
                                                + "<uri xmlns=\"urn:x\">sip:a@h</uri></contact>")),
                        Reason.MISSING_REQUIRED),
                Arguments.of(
                        "pub-gruu without uri",
                        reginfo(
                                0,
                                "full",
                                registration(
                                        "sip:a@example.com",
                                        "r",
                                        "active",
                                        "<contact id=\"1\" state=\"active\" event=\"registered\"><uri>sip:a@h</uri>"
                                                + "<pub-gruu xmlns=\"urn:ietf:params:xml:ns:gruuinfo\"/></contact>")),
                        Reason.MISSING_REQUIRED),
                Arguments.of("unknown document state", reginfo(0, "delta"), Reason.INVALID_VALUE),
                Arguments.of("upper-case state", reginfo(0, "FULL"), Reason.INVALID_VALUE),
                Arguments.of("negative version", reginfo(-1, "full"), Reason.INVALID_VALUE),
                Arguments.of(
                        "unknown contact event",
                        reginfo(
                                0,
                                "full",
                                registration(
                                        "sip:a@example.com",
                                        "r",
                                        "active",
                                        contact("1", "active", "teleported", 60, "sip:a@h"))),
                        Reason.INVALID_VALUE),
                Arguments.of(
                        "aor that is not a CPM address",
                        reginfo(0, "full", registration("mailto:a@example.com", "r", "active")),
                        Reason.INVALID_VALUE),
                Arguments.of(
                        "q above 1",
                        reginfo(
                                0,
                                "full",
                                registration(
                                        "sip:a@example.com",
                                        "r",
                                        "active",
                                        "<contact id=\"1\" state=\"active\" event=\"registered\" q=\"1.5\"><uri>sip:a@h</uri>"
                                                + "</contact>")),
                        Reason.INVALID_VALUE),
                Arguments.of(
                        "non-numeric expires",
                        reginfo(
                                0,
                                "full",
                                registration(
                                        "sip:a@example.com",
                                        "r",
                                        "active",
                                        "<contact id=\"1\" state=\"active\" event=\"registered\" expires=\"soon\">"
                                                + "<uri>sip:a@h</uri></contact>")),
                        Reason.INVALID_VALUE),
                Arguments.of(
                        "two uris",
                        reginfo(
                                0,
                                "full",
                                registration(
                                        "sip:a@example.com",
                                        "r",
                                        "active",
                                        "<contact id=\"1\" state=\"active\" event=\"registered\"><uri>sip:a@h</uri>"
                                                + "<uri>sip:b@h</uri></contact>")),
                        Reason.INVALID_VALUE),
                Arguments.of(
                        "XXE",
                        "<?xml version=\"1.0\"?><!DOCTYPE reginfo [<!ENTITY x SYSTEM"
                                + " \"file:///etc/passwd\">]>"
                                + reginfo(
                                        0,
                                        "full",
                                        registration(
                                                "sip:a@example.com",
                                                "r",
                                                "active",
                                                contact("1", "active", "registered", 60, "&x;"))),
                        Reason.DTD_FORBIDDEN),
                Arguments.of(
                        "billion laughs",
                        "<!DOCTYPE reginfo [<!ENTITY a \"aaaaaaaaaa\">"
                                + "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
                                + "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">"
                                + "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\"><!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">"
                                + "]>"
                                + reginfo(
                                        0,
                                        "full",
                                        registration(
                                                "sip:a@example.com",
                                                "r",
                                                "active",
                                                contact("1", "active", "registered", 60, "&g;"))),
                        Reason.DTD_FORBIDDEN),
                Arguments.of(
                        "oversized",
                        reginfo(0, "full", goodRegistration, "<!--" + "x".repeat(300_000) + "-->"),
                        Reason.DOCUMENT_TOO_LARGE),
                Arguments.of(
                        "too deep",
                        reginfo(0, "full", "<x:a xmlns:x=\"urn:x\">".repeat(20) + "</x:a>".repeat(20)),
                        Reason.TOO_DEEP),
                Arguments.of(
                        "huge attribute",
                        reginfo(0, "full", registration("sip:a@example.com", "r".repeat(3_000), "active")),
                        Reason.ATTRIBUTE_TOO_LONG),
                Arguments.of(
                        "huge uri text",
                        reginfo(
                                0,
                                "full",
                                registration(
                                        "sip:a@example.com",
                                        "r",
                                        "active",
                                        contact("1", "active", "registered", 60, "sip:" + "a".repeat(5_000) + "@h"))),
                        Reason.TEXT_TOO_LONG),
                Arguments.of(
                        "not well-formed",
                        reginfo(0, "full", goodRegistration).replace("</registration>", ""),
                        Reason.NOT_WELL_FORMED),
                Arguments.of(
                        "too many registrations",
                        reginfo(0, "full", goodRegistration.repeat(65)),
                        Reason.TOO_MANY_ITEMS),
                Arguments.of(
                        "too many contacts",
                        reginfo(0, "full", registration("sip:a@example.com", "r", "active", goodContact.repeat(33))),
                        Reason.TOO_MANY_ITEMS),
                Arguments.of(
                        "too many unknown-params",
                        reginfo(
                                0,
                                "full",
                                registration(
                                        "sip:a@example.com",
                                        "r",
                                        "active",
                                        "<contact id=\"1\" state=\"active\" event=\"registered\"><uri>sip:a@h</uri>"
                                                + "<unknown-param name=\"p\"/>".repeat(33) + "</contact>")),
                        Reason.TOO_MANY_ITEMS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedDocuments")
    @Timeout(5)
    void refuses(String description, String document, Reason reason) {
        assertThatThrownBy(() -> parser.parse(bytes(document)))
                .isInstanceOf(MalformedDocumentException.class)
                .extracting(e -> ((MalformedDocumentException) e).reason())
                .isEqualTo(reason);
    }

    @Test
    void appliesTheLimitsItIsGiven() {
        ReginfoParser strict = new ReginfoParser(XmlLimits.DEFAULTS, new ReginfoLimits(1, 1, 1));
        String document = reginfo(
                0,
                "full",
                registration("sip:a@example.com", "r", "active"),
                registration("sip:b@example.com", "r", "active"));

        assertThatThrownBy(() -> strict.parse(bytes(document)))
                .isInstanceOf(MalformedDocumentException.class)
                .hasMessage("TOO_MANY_ITEMS: more than 1 registrations");
    }
}
