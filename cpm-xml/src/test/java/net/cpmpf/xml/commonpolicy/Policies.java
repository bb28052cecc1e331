package net.cpmpf.xml.commonpolicy;

import java.nio.charset.StandardCharsets;

/** Access policy documents written the way RFC 4745 and the OMA XDM shared policy examples write them. */
final class Policies {

    static final String CP = "urn:ietf:params:xml:ns:common-policy";
    static final String OCP = "urn:oma:xml:xdm:common-policy";

    /** Bob may not send pager-mode CPM messages; nothing else is said about him. */
    static final String BLOCK_BOB_PAGER = """
            <?xml version="1.0" encoding="UTF-8"?>
            <cp:ruleset xmlns:cp="urn:ietf:params:xml:ns:common-policy"
                        xmlns:ocp="urn:oma:xml:xdm:common-policy">
              <cp:rule id="block-bob-pager">
                <cp:conditions>
                  <cp:identity>
                    <cp:one id="sip:bob@example.com"/>
                  </cp:identity>
                  <ocp:service-list>
                    <ocp:service featuretag="+g.oma.sip-cpm"/>
                  </ocp:service-list>
                  <ocp:media-list>
                    <ocp:pager-mode-message/>
                  </ocp:media-list>
                </cp:conditions>
                <cp:actions>
                  <ocp:allow-reject-invite>true</ocp:allow-reject-invite>
                </cp:actions>
                <cp:transformations/>
              </cp:rule>
            </cp:ruleset>
            """;

    /** Everyone at spam.example is blocked, except one friend there. */
    static final String BLOCK_DOMAIN_EXCEPT_FRIEND = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ruleset xmlns="urn:ietf:params:xml:ns:common-policy"
                     xmlns:ocp="urn:oma:xml:xdm:common-policy">
              <rule id="spam-domain">
                <conditions>
                  <identity>
                    <many domain="Spam.Example">
                      <except id="sip:friend@spam.example"/>
                    </many>
                  </identity>
                </conditions>
                <actions>
                  <ocp:allow-reject-invite>1</ocp:allow-reject-invite>
                </actions>
              </rule>
            </ruleset>
            """;

    /** Only the home domain and one partner may send: {@code <many/>} without a domain, with excepts. */
    static final String ONLY_HOME_AND_PARTNER = """
            <ruleset xmlns="urn:ietf:params:xml:ns:common-policy"
                     xmlns:ocp="urn:oma:xml:xdm:common-policy">
              <rule id="strangers">
                <conditions>
                  <identity>
                    <many>
                      <except domain="example.com"/>
                      <except id="sip:boss@partner.example"/>
                    </many>
                  </identity>
                </conditions>
                <actions><ocp:allow-reject-invite>true</ocp:allow-reject-invite></actions>
              </rule>
            </ruleset>
            """;

    /** Nobody may send large messages; the rule has no identity condition. */
    static final String NO_LARGE_MESSAGES = """
            <ruleset xmlns="urn:ietf:params:xml:ns:common-policy"
                     xmlns:ocp="urn:oma:xml:xdm:common-policy">
              <rule id="no-large">
                <conditions>
                  <ocp:service-list><ocp:service featuretag="+g.oma.sip-cpm"/></ocp:service-list>
                  <ocp:media-list><ocp:large-message/></ocp:media-list>
                </conditions>
                <actions><ocp:allow-reject-invite>true</ocp:allow-reject-invite></actions>
              </rule>
            </ruleset>
            """;

    /** Rules for other services: OMA IM by feature tag, and an enabler-only service list. */
    static final String OTHER_SERVICES = """
            <ruleset xmlns="urn:ietf:params:xml:ns:common-policy"
                     xmlns:ocp="urn:oma:xml:xdm:common-policy">
              <rule id="im-only">
                <conditions>
                  <ocp:service-list><ocp:service featuretag="+g.oma.sip-im"/></ocp:service-list>
                </conditions>
                <actions><ocp:allow-reject-invite>true</ocp:allow-reject-invite></actions>
              </rule>
              <rule id="poc-enabler">
                <conditions>
                  <ocp:service-list><ocp:service enabler="poc"/></ocp:service-list>
                </conditions>
                <actions><ocp:allow-reject-invite>true</ocp:allow-reject-invite></actions>
              </rule>
            </ruleset>
            """;

    /** Colleagues are explicitly allowed, Bob (a colleague) is blocked: RFC 4745 §10.2 ORs the two. */
    static final String ALLOW_COLLEAGUES_BLOCK_BOB = """
            <ruleset xmlns="urn:ietf:params:xml:ns:common-policy"
                     xmlns:ocp="urn:oma:xml:xdm:common-policy">
              <rule id="colleagues">
                <conditions>
                  <identity><many domain="example.com"/></identity>
                </conditions>
                <actions><ocp:allow-reject-invite>false</ocp:allow-reject-invite></actions>
              </rule>
              <rule id="bob">
                <conditions>
                  <identity><one id="sip:bob@example.com"/></identity>
                </conditions>
                <actions><ocp:allow-reject-invite>true</ocp:allow-reject-invite></actions>
              </rule>
              <rule id="no-action">
                <conditions>
                  <identity><one id="sip:bob@example.com"/></identity>
                </conditions>
                <actions/>
              </rule>
            </ruleset>
            """;

    /** Do not disturb over the holidays and for one afternoon; offsets differ on purpose. */
    static final String HOLIDAYS = """
            <ruleset xmlns="urn:ietf:params:xml:ns:common-policy"
                     xmlns:ocp="urn:oma:xml:xdm:common-policy">
              <rule id="holidays">
                <conditions>
                  <validity>
                    <from>2026-12-24T00:00:00+01:00</from>
                    <until>2027-01-02T00:00:00Z</until>
                    <from>2027-03-01T14:00:00.000-05:00</from>
                    <until>2027-03-01T18:00:00-05:00</until>
                  </validity>
                </conditions>
                <actions><ocp:allow-reject-invite>true</ocp:allow-reject-invite></actions>
              </rule>
            </ruleset>
            """;

    /** Anonymous senders are refused. */
    static final String NO_ANONYMOUS = """
            <ruleset xmlns="urn:ietf:params:xml:ns:common-policy"
                     xmlns:ocp="urn:oma:xml:xdm:common-policy">
              <rule id="no-anonymous">
                <conditions>
                  <ocp:anonymous-request/>
                  <ocp:service-list><ocp:service featuretag="+g.oma.sip-cpm"/></ocp:service-list>
                </conditions>
                <actions><ocp:allow-reject-invite>true</ocp:allow-reject-invite></actions>
              </rule>
            </ruleset>
            """;

    /** A block list kept in a resource-lists document: not expanded here. */
    static final String EXTERNAL_BLOCK_LIST = """
            <ruleset xmlns="urn:ietf:params:xml:ns:common-policy"
                     xmlns:ocp="urn:oma:xml:xdm:common-policy">
              <rule id="blocked-list">
                <conditions>
                  <ocp:external-list>
                    <ocp:entry anc="http://xcap.example.com/resource-lists/users/sip:me@example.com/index/~~/resource-lists/list%5B@name=%22blocked%22%5D"/>
                  </ocp:external-list>
                </conditions>
                <actions><ocp:allow-reject-invite>true</ocp:allow-reject-invite></actions>
              </rule>
            </ruleset>
            """;

    /** The OMA action left in the document's default (common-policy) namespace, as hand-written documents do. */
    static final String UNPREFIXED_ACTION = """
            <ruleset xmlns="urn:ietf:params:xml:ns:common-policy">
              <rule id="block-all">
                <actions><allow-reject-invite> true </allow-reject-invite></actions>
              </rule>
            </ruleset>
            """;

    private Policies() {}

    static byte[] bytes(String document) {
        return document.getBytes(StandardCharsets.UTF_8);
    }

    /** A ruleset in the default common-policy namespace holding {@code rules}. */
    static String ruleset(String rules) {
        return "<ruleset xmlns=\"" + CP + "\" xmlns:ocp=\"" + OCP + "\">" + rules + "</ruleset>";
    }

    /** One rule with the given conditions and a reject action. */
    static String rejectRule(String id, String conditions) {
        return "<rule id=\"" + id + "\"><conditions>" + conditions + "</conditions>"
                + "<actions><ocp:allow-reject-invite>true</ocp:allow-reject-invite></actions></rule>";
    }
}
