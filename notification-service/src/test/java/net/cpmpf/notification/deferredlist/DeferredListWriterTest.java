package net.cpmpf.notification.deferredlist;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.namespace.NamespaceContext;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;

class DeferredListWriterTest {

    private static final Instant RECEIVED = Instant.parse("2025-03-01T10:15:30.123456Z");
    private static final Instant EXPIRES = Instant.parse("2025-03-08T10:15:30Z");

    private final DeferredListWriter writer = new DeferredListWriter();

    private static DeferredEntry entry(String sender, DeferredEntry.State state) {
        return new DeferredEntry("m-1", sender, "sip:bob@example.com", RECEIVED, 42, "text/plain", EXPIRES, state);
    }

    @Test
    void sampleIsWrittenExactly() throws Exception {
        byte[] document = writer.write(List.of(entry("sip:alice@example.com", DeferredEntry.State.DEFERRED)));

        assertThat(new String(document, UTF_8))
                .isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                        + "<deferred-list xmlns=\"urn:oma:xml:cpm:deferred-list\">"
                        + "<message state=\"deferred\">"
                        + "<message-uri-id>m-1</message-uri-id>"
                        + "<sender>sip:alice@example.com</sender>"
                        + "<recipient>sip:bob@example.com</recipient>"
                        + "<date>2025-03-01T10:15:30.123Z</date>"
                        + "<size>42</size>"
                        + "<content-type>text/plain</content-type>"
                        + "<expires>2025-03-08T10:15:30Z</expires>"
                        + "</message></deferred-list>");
        DeferredListSchema.validate(document);
    }

    @Test
    void anonymousSenderIsMarkedNotNamed() throws Exception {
        byte[] document = writer.write(List.of(entry(null, DeferredEntry.State.EXPIRED)));

        Document dom = parse(document);
        assertThat(xpath(dom, "count(/dl:deferred-list/dl:message/dl:anonymous)"))
                .isEqualTo("1");
        assertThat(xpath(dom, "count(//dl:sender)")).isEqualTo("0");
        assertThat(xpath(dom, "/dl:deferred-list/dl:message/@state")).isEqualTo("expired");
        DeferredListSchema.validate(document);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\"Eve\" <sip:eve@example.com>",
                "sip:a&b@example.com?x=<script>",
                "sip:o'brien@example.com;x=\"]]>\"",
                "sip:ctl\u0001\u0008@example.com"
            })
    void hostileSenderIsEscapedAndReadBackUnchanged(String sender) throws Exception {
        byte[] document = writer.write(List.of(entry(sender, DeferredEntry.State.DEFERRED)));

        DeferredListSchema.validate(document);
        String expected = sender.replace('\u0001', '\uFFFD').replace('\u0008', '\uFFFD');
        assertThat(xpath(parse(document), "/dl:deferred-list/dl:message/dl:sender"))
                .isEqualTo(expected);
        assertThat(new String(document, UTF_8)).doesNotContain("<script>").doesNotContain("a&b");
    }

    @Test
    void severalMessagesKeepTheirOrder() throws Exception {
        var second = new DeferredEntry(
                "m-2", null, "sip:bob@example.com", RECEIVED, 0, "message/cpim", EXPIRES, DeferredEntry.State.DEFERRED);
        byte[] document = writer.write(List.of(entry("sip:alice@example.com", DeferredEntry.State.DEFERRED), second));

        DeferredListSchema.validate(document);
        Document dom = parse(document);
        assertThat(xpath(dom, "/dl:deferred-list/dl:message[1]/dl:message-uri-id"))
                .isEqualTo("m-1");
        assertThat(xpath(dom, "/dl:deferred-list/dl:message[2]/dl:message-uri-id"))
                .isEqualTo("m-2");
        assertThat(xpath(dom, "/dl:deferred-list/dl:message[2]/dl:size")).isEqualTo("0");
    }

    @Test
    void schemaRejectsWhatTheWriterMustNeverProduce() {
        String valid =
                new String(writer.write(List.of(entry("sip:alice@example.com", DeferredEntry.State.DEFERRED))), UTF_8);

        for (String broken : List.of(
                valid.replace("state=\"deferred\"", "state=\"lost\""),
                valid.replace("<sender>sip:alice@example.com</sender>", ""),
                valid.replace("<size>42</size>", "<size>-1</size>"),
                valid.replace("2025-03-08T10:15:30Z", "2025-03-08T12:15:30+02:00"),
                valid.replace("<message-uri-id>m-1</message-uri-id>", "<message-uri-id></message-uri-id>"),
                valid.replace("<sender>sip:alice@example.com</sender>", "<sender>x</sender><anonymous/>"),
                valid.replace("urn:oma:xml:cpm:deferred-list", "urn:example:other"))) {
            assertThatThrownBy(() -> DeferredListSchema.validate(broken.getBytes(UTF_8)))
                    .as(broken)
                    .isInstanceOf(SAXException.class);
        }
    }

    @Test
    void emptyListIsRefusedBecauseTheSchemaWouldRejectIt() throws Exception {
        assertThatThrownBy(() -> writer.write(List.of())).isInstanceOf(IllegalArgumentException.class);
        String empty = "<deferred-list xmlns=\"urn:oma:xml:cpm:deferred-list\"/>";
        assertThatThrownBy(() -> DeferredListSchema.validate(empty.getBytes(UTF_8)))
                .isInstanceOf(SAXException.class);
    }

    private static Document parse(byte[] document) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(document));
    }

    private static String xpath(Document dom, String expression) throws Exception {
        var xpath = XPathFactory.newInstance().newXPath();
        xpath.setNamespaceContext(new NamespaceContext() {
            @Override
            public String getNamespaceURI(String prefix) {
                return "dl".equals(prefix) ? DeferredListWriter.NAMESPACE : XMLConstants.NULL_NS_URI;
            }

            @Override
            public String getPrefix(String uri) {
                return null;
            }

            @Override
            public java.util.Iterator<String> getPrefixes(String uri) {
                return null;
            }
        });
        return xpath.evaluate(expression, dom);
    }
}
