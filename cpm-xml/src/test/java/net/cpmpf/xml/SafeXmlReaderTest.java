package net.cpmpf.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.cpmpf.xml.MalformedDocumentException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SafeXmlReaderTest {

    private static final String NS = "urn:test";
    private static final XmlLimits SMALL = new XmlLimits(4_096, 4, 20, 3, 64, 64);

    static Stream<Arguments> hostileDocuments() {
        return Stream.of(
                Arguments.of(
                        "external entity (XXE)",
                        "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                                + "<r xmlns=\"urn:test\">&x;</r>",
                        Reason.DTD_FORBIDDEN),
                Arguments.of(
                        "external DTD",
                        "<!DOCTYPE r SYSTEM \"http://127.0.0.1:1/evil.dtd\"><r xmlns=\"urn:test\"/>",
                        Reason.DTD_FORBIDDEN),
                Arguments.of("billion laughs", billionLaughs(), Reason.DTD_FORBIDDEN),
                Arguments.of(
                        "external parameter entity",
                        "<!DOCTYPE r [<!ENTITY % p SYSTEM \"http://127.0.0.1:1/p.dtd\"> %p;]><r xmlns=\"urn:test\"/>",
                        Reason.DTD_FORBIDDEN),
                Arguments.of(
                        "quadratic blowup",
                        "<!DOCTYPE r [<!ENTITY a \"" + "x".repeat(2_000) + "\">]><r xmlns=\"urn:test\">"
                                + "&a;".repeat(400) + "</r>",
                        Reason.DTD_FORBIDDEN),
                Arguments.of(
                        "control character in a DOCTYPE (the JDK parser threw MissingResourceException)",
                        "<!DOCTYPE r [<!ENTITY % p SYSTEM \"http://h\u0001\"> %p;]><r xmlns=\"urn:test\"/>",
                        Reason.NOT_WELL_FORMED),
                Arguments.of(
                        "oversized", "<r xmlns=\"urn:test\">" + " ".repeat(5_000) + "</r>", Reason.DOCUMENT_TOO_LARGE),
                Arguments.of("too deep", "<r xmlns=\"urn:test\"><a><b><c><d/></c></b></a></r>", Reason.TOO_DEEP),
                Arguments.of(
                        "too many elements",
                        "<r xmlns=\"urn:test\">" + "<a/>".repeat(20) + "</r>",
                        Reason.TOO_MANY_ELEMENTS),
                Arguments.of(
                        "too many attributes",
                        "<r xmlns=\"urn:test\" a=\"1\" b=\"2\" c=\"3\" d=\"4\"/>",
                        Reason.TOO_MANY_ATTRIBUTES),
                Arguments.of(
                        "huge attribute",
                        "<r xmlns=\"urn:test\"><a v=\"" + "x".repeat(65) + "\"/></r>",
                        Reason.ATTRIBUTE_TOO_LONG),
                Arguments.of(
                        "huge text in a skipped element",
                        "<r xmlns=\"urn:test\"><a>" + "x".repeat(65) + "</a></r>",
                        Reason.TEXT_TOO_LONG),
                Arguments.of(
                        "huge text through character references",
                        "<r xmlns=\"urn:test\"><a>" + "&#65;".repeat(65) + "</a></r>",
                        Reason.TEXT_TOO_LONG),
                Arguments.of("unclosed element", "<r xmlns=\"urn:test\"><a></r>", Reason.NOT_WELL_FORMED),
                Arguments.of("undeclared entity", "<r xmlns=\"urn:test\">&x;</r>", Reason.NOT_WELL_FORMED),
                Arguments.of("undeclared prefix", "<r xmlns=\"urn:test\"><p:a/></r>", Reason.NOT_WELL_FORMED),
                Arguments.of("two roots", "<r xmlns=\"urn:test\"/><r xmlns=\"urn:test\"/>", Reason.NOT_WELL_FORMED),
                Arguments.of("empty", "", Reason.NOT_WELL_FORMED),
                Arguments.of("not XML", "hello", Reason.NOT_WELL_FORMED),
                Arguments.of("root in no namespace", "<r/>", Reason.UNEXPECTED_ROOT),
                Arguments.of("root in another namespace", "<r xmlns=\"urn:other\"/>", Reason.UNEXPECTED_ROOT),
                Arguments.of("other root name", "<t:s xmlns:t=\"urn:test\"/>", Reason.UNEXPECTED_ROOT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileDocuments")
    @Timeout(5)
    void refuses(String description, String document, Reason reason) {
        assertThatThrownBy(() -> readAll(document.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedDocumentException.class)
                .extracting(e -> ((MalformedDocumentException) e).reason())
                .isEqualTo(reason);
    }

    @Test
    void refusesBytesThatAreNotUtf8() {
        byte[] body = {
            '<',
            'r',
            ' ',
            'x',
            'm',
            'l',
            'n',
            's',
            '=',
            '"',
            'u',
            'r',
            'n',
            ':',
            't',
            'e',
            's',
            't',
            '"',
            '>',
            (byte) 0xC3,
            (byte) 0x28,
            '<',
            '/',
            'r',
            '>'
        };
        assertThatThrownBy(() -> readAll(body))
                .isInstanceOf(MalformedDocumentException.class)
                .hasMessageStartingWith("NOT_WELL_FORMED: not UTF-8");
    }

    @Test
    void dropsAByteOrderMark() throws MalformedDocumentException {
        byte[] body = "\uFEFF<r xmlns=\"urn:test\">x</r>".getBytes(StandardCharsets.UTF_8);
        assertThat(SafeXmlReader.openRoot(body, SMALL, NS, "r").text()).isEqualTo("x");
    }

    @Test
    void errorMessagesDoNotCarryTheInput() {
        String name = "a".repeat(3_000);
        byte[] body = ("<" + name + " xmlns=\"urn:other\"/>").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> SafeXmlReader.openRoot(body, XmlLimits.DEFAULTS, NS, "r"))
                .isInstanceOf(MalformedDocumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400));
    }

    @Test
    void readsByNamespaceNotPrefixAndSkipsExtensions() throws MalformedDocumentException {
        String document = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- a comment -->"
                + "<t:r xmlns:t=\"urn:test\" xmlns:o=\"urn:other\" t:q=\"qualified\" v=\"plain\">"
                + "<t:a>one &amp; <![CDATA[<two>]]><o:ext>hidden</o:ext>&#x21;</t:a>"
                + "<o:a>other namespace</o:a><?pi data?><a xmlns=\"urn:test\">three</a></t:r>";
        SafeXmlReader reader = SafeXmlReader.openRoot(document.getBytes(StandardCharsets.UTF_8), SMALL, NS, "r");

        assertThat(reader.attribute("v")).isEqualTo("plain");
        assertThat(reader.attribute("q")).isNull();
        assertThat(reader.attribute(NS, "q")).isEqualTo("qualified");
        List<String> texts = new ArrayList<>();
        while (reader.nextChild()) {
            if (reader.is(NS, "a")) {
                texts.add(reader.text());
            } else {
                reader.skip();
            }
        }
        reader.finish();
        assertThat(texts).containsExactly("one & <two>!", "three");
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> new XmlLimits(0, 1, 1, 1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxDocumentBytes");
    }

    @Test
    void includesNothingThroughXInclude() throws MalformedDocumentException {
        byte[] body = ("<r xmlns=\"urn:test\" xmlns:xi=\"http://www.w3.org/2001/XInclude\">"
                        + "<xi:include href=\"file:///etc/hostname\" parse=\"text\"/></r>")
                .getBytes(StandardCharsets.UTF_8);
        SafeXmlReader reader = SafeXmlReader.openRoot(body, SMALL, NS, "r");

        assertThat(reader.nextChild()).isTrue();
        assertThat(reader.is("http://www.w3.org/2001/XInclude", "include")).isTrue();
        assertThat(reader.text()).isEmpty();
    }

    private static void readAll(byte[] body) throws MalformedDocumentException {
        SafeXmlReader reader = SafeXmlReader.openRoot(body, SMALL, NS, "r");
        reader.skip();
        reader.finish();
    }

    private static String billionLaughs() {
        StringBuilder dtd = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY l0 \"lol\">");
        for (int i = 1; i < 10; i++) {
            dtd.append("<!ENTITY l").append(i).append(" \"");
            dtd.append(("&l" + (i - 1) + ";").repeat(10)).append("\">");
        }
        return dtd.append("]><r xmlns=\"urn:test\">&l9;</r>").toString();
    }
}
