package net.cpmpf.notification.deferredlist;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;

/**
 * Fuzzes the deferred-list writer with Jazzer: whatever a sender put in the fields the document repeats (its address,
 * the content type; ids and the recipient for good measure), the document is well-formed UTF-8, valid against the
 * shipped schema, lists every entry, and carries each field back as written, characters XML cannot hold replaced. A
 * normal run replays the committed corpus; {@code JAZZER_FUZZ=1} fuzzes (README, Development).
 */
class DeferredListWriterFuzzTest {

    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private final DeferredListWriter writer = new DeferredListWriter();

    @FuzzTest(maxDuration = "90s")
    void writesAValidDocumentWhateverTheFields(FuzzedDataProvider data) throws Exception {
        int count = data.consumeInt(1, 4);
        List<DeferredEntry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = data.consumeString(80);
            String recipient = data.consumeString(80);
            try {
                entries.add(new DeferredEntry(
                        id,
                        data.consumeBoolean() ? null : data.consumeString(200),
                        recipient,
                        instant(data),
                        data.consumeLong(0, 1L << 40),
                        data.consumeString(100),
                        instant(data),
                        data.consumeBoolean() ? DeferredEntry.State.DEFERRED : DeferredEntry.State.EXPIRED));
            } catch (IllegalArgumentException refused) {
                // Our own ids and addresses are never blank: refused, not written.
                assertThat(asXmlHoldsIt(id).isEmpty() || asXmlHoldsIt(recipient).isEmpty())
                        .isTrue();
                return;
            }
        }

        byte[] document = writer.write(entries);

        DeferredListSchema.validate(document);
        Document parsed = parse(document);
        var messages = parsed.getElementsByTagNameNS(DeferredListWriter.NAMESPACE, "message");
        assertThat(messages.getLength()).isEqualTo(count);
        for (int i = 0; i < count; i++) {
            DeferredEntry entry = entries.get(i);
            assertThat(text(parsed, "message-uri-id", i)).isEqualTo(asXmlHoldsIt(entry.messageUriId()));
            assertThat(text(parsed, "recipient", i)).isEqualTo(asXmlHoldsIt(entry.recipient()));
            assertThat(text(parsed, "content-type", i)).isEqualTo(asXmlHoldsIt(entry.contentType()));
            if (entry.sender() != null) {
                assertThat(text(parsed, "sender", countBefore(entries, i))).isEqualTo(asXmlHoldsIt(entry.sender()));
            }
        }
    }

    /** Index of entry {@code i}'s sender among the senders: anonymous entries have none. */
    private static int countBefore(List<DeferredEntry> entries, int i) {
        return (int)
                entries.subList(0, i).stream().filter(e -> e.sender() != null).count();
    }

    private static Instant instant(FuzzedDataProvider data) {
        return Instant.ofEpochSecond(data.consumeLong(EARLIEST.getEpochSecond(), LATEST.getEpochSecond()));
    }

    /**
     * What a reader gets back, computed independently of the writer: every character XML 1.0 cannot carry (controls,
     * U+FFFE/U+FFFF, a surrogate without its pair) as U+FFFD, then whitespace as xs:token collapses it.
     */
    private static String asXmlHoldsIt(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            int width = Character.charCount(c);
            boolean lone = Character.isSurrogate(value.charAt(i)) && width == 1;
            boolean allowed = !lone && (c >= 0x20 && c != 0xFFFE && c != 0xFFFF || c == '\t' || c == '\n' || c == '\r');
            out.appendCodePoint(allowed ? c : 0xFFFD);
            i += width;
        }
        return out.toString().replaceAll("[ \\t\\r\\n]+", " ").replaceAll("^ | $", "");
    }

    private static String text(Document document, String name, int index) {
        return document.getElementsByTagNameNS(DeferredListWriter.NAMESPACE, name)
                .item(index)
                .getTextContent();
    }

    private static Document parse(byte[] document) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(document));
    }
}
