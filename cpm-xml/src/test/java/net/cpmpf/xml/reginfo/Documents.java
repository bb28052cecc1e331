package net.cpmpf.xml.reginfo;

import java.nio.charset.StandardCharsets;

/** Reginfo bodies used by the tests: the RFC examples, and a builder for the partial notifications of a flow. */
final class Documents {

    /** RFC 3680 §6: one registration, an active and a terminated contact. */
    static final String RFC3680_EXAMPLE = """
            <?xml version="1.0"?>
            <reginfo xmlns="urn:ietf:params:xml:ns:reginfo"
                     version="0" state="full">
              <registration aor="sip:user@example.com" id="as9"
                            state="active">
                <contact id="76" state="active" event="registered"
                         duration-registered="7322"
                         q="0.8">
                  <uri>sip:user@pc887.example.com</uri>
                </contact>
                <contact id="77" state="terminated" event="expired"
                         duration-registered="3600"
                         q="0.5">
                  <uri>sip:user@university.edu</uri>
                </contact>
              </registration>
            </reginfo>
            """;

    /** RFC 3680 §7 flow, first NOTIFY: the registration exists but has no contact yet. */
    static final String RFC3680_FLOW_INIT = """
            <?xml version="1.0"?>
            <reginfo xmlns="urn:ietf:params:xml:ns:reginfo"
                     version="0" state="full">
              <registration aor="sip:joe@example.com" id="a7" state="init" />
            </reginfo>
            """;

    /** RFC 3680 §7 flow, second NOTIFY: Joe registers. */
    static final String RFC3680_FLOW_REGISTERED = """
            <?xml version="1.0"?>
            <reginfo xmlns="urn:ietf:params:xml:ns:reginfo"
                     version="1" state="partial">
              <registration aor="sip:joe@example.com" id="a7" state="active">
                <contact id="76" state="active" event="registered"
                         duration-registered="0">
                  <uri>sip:joe@pc34.example.com</uri>
                </contact>
              </registration>
            </reginfo>
            """;

    static final String INSTANCE = "urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6";
    static final String PUB_GRUU = "sip:user@example.com;gr=urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6";
    static final String TEMP_GRUU = "sip:tgruu.7hs==jd7vnzga5w7fajsc7-ajd6fabz0f8g5@example.com;gr";

    /**
     * RFC 5628 §5 shape: GRUUs of an active contact, with a {@code +sip.instance}, CPM feature tags and a parameter
     * that is not a feature tag; the gruuinfo namespace under a prefix and an extension from another namespace.
     */
    static final String RFC5628_EXAMPLE = """
            <?xml version="1.0"?>
            <reginfo xmlns="urn:ietf:params:xml:ns:reginfo"
                     xmlns:gr="urn:ietf:params:xml:ns:gruuinfo"
                     xmlns:ext="urn:example:vendor"
                     version="0" state="full">
              <registration aor="sip:user@example.com" id="as9" state="active">
                <contact id="76" state="active" event="registered"
                         duration-registered="7322" expires="3600" q="0.8"
                         callid="hrvh1jd6" cseq="9" ext:hint="ignored">
                  <uri>sip:user@192.0.2.1</uri>
                  <display-name xml:lang="en">User</display-name>
                  <unknown-param name="+sip.instance">"&lt;urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6&gt;"</unknown-param>
                  <unknown-param name="reg-id">1</unknown-param>
                  <unknown-param name="+g.oma.sip-im"/>
                  <unknown-param name="+g.3gpp.icsi-ref">"urn%3Aurn-7%3A3gpp-service.ims.icsi.oma.cpm.msg"</unknown-param>
                  <unknown-param name="methods">"MESSAGE,INVITE"</unknown-param>
                  <gr:pub-gruu uri="sip:user@example.com;gr=urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6"/>
                  <gr:temp-gruu uri="sip:tgruu.7hs==jd7vnzga5w7fajsc7-ajd6fabz0f8g5@example.com;gr"
                                first-cseq="9"/>
                  <ext:device-info>tablet</ext:device-info>
                </contact>
              </registration>
            </reginfo>
            """;

    private Documents() {}

    static byte[] bytes(String document) {
        return document.getBytes(StandardCharsets.UTF_8);
    }

    /** A document with the given version, state and registration elements. */
    static String reginfo(long version, String state, String... registrations) {
        return "<reginfo xmlns=\"urn:ietf:params:xml:ns:reginfo\" version=\"" + version + "\" state=\"" + state + "\">"
                + String.join("", registrations) + "</reginfo>";
    }

    static String registration(String aor, String id, String state, String... contacts) {
        return "<registration aor=\"" + aor + "\" id=\"" + id + "\" state=\"" + state + "\">"
                + String.join("", contacts) + "</registration>";
    }

    static String contact(String id, String state, String event, int expires, String uri) {
        return "<contact id=\"" + id + "\" state=\"" + state + "\" event=\"" + event + "\" expires=\"" + expires
                + "\"><uri>" + uri + "</uri></contact>";
    }
}
