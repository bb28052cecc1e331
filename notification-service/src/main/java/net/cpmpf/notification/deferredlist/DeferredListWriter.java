package net.cpmpf.notification.deferredlist;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Pattern;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes {@code application/vnd.oma.im.deferred-list+xml} documents (schema {@code schema/deferred-list.xsd}, namespace
 * {@value #NAMESPACE}). The OMA CR only says the body describes the deferred message(s) with their Message-URI-ID; this
 * schema is ours. Thread-safe. Values are escaped by StAX; characters XML 1.0 cannot carry at all (C0 controls other
 * than tab, CR, LF) are replaced by U+FFFD so that the document always parses.
 */
public final class DeferredListWriter {

    public static final String NAMESPACE = "urn:oma:xml:cpm:deferred-list";
    public static final String CONTENT_TYPE = "application/vnd.oma.im.deferred-list+xml";

    private static final XMLOutputFactory FACTORY = XMLOutputFactory.newFactory();
    private static final Pattern WHITESPACE = Pattern.compile("[ \\t\\r\\n]+");

    /**
     * UTF-8 bytes of a document listing {@code entries} in order.
     *
     * @throws IllegalArgumentException when {@code entries} is empty: the schema wants at least one message
     */
    public byte[] write(List<DeferredEntry> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a deferred-list document lists at least one message");
        }
        var out = new ByteArrayOutputStream(256 + 512 * entries.size());
        try {
            XMLStreamWriter xml = FACTORY.createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.setDefaultNamespace(NAMESPACE);
            xml.writeStartElement(NAMESPACE, "deferred-list");
            xml.writeDefaultNamespace(NAMESPACE);
            for (DeferredEntry entry : entries) {
                writeEntry(xml, entry);
            }
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write a deferred-list document", e);
        }
        return out.toByteArray();
    }

    private static void writeEntry(XMLStreamWriter xml, DeferredEntry entry) throws XMLStreamException {
        xml.writeStartElement(NAMESPACE, "message");
        xml.writeAttribute("state", entry.state().value());
        text(xml, "message-uri-id", entry.messageUriId());
        if (entry.sender() == null) {
            xml.writeEmptyElement(NAMESPACE, "anonymous");
        } else {
            text(xml, "sender", entry.sender());
        }
        text(xml, "recipient", entry.recipient());
        text(xml, "date", dateTime(entry.date()));
        text(xml, "size", Long.toString(entry.size()));
        text(xml, "content-type", entry.contentType());
        text(xml, "expires", dateTime(entry.expires()));
        xml.writeEndElement();
    }

    private static void text(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        xml.writeStartElement(NAMESPACE, name);
        xml.writeCharacters(token(value));
        xml.writeEndElement();
    }

    /**
     * The value as the schema's token type reads it (XML Schema §3.3.25 {@code xs:token}: line ends and tabs as
     * spaces, runs of spaces as one, none at either end), written that way so that every reader sees the same text,
     * with characters XML cannot carry replaced. Empty for a value of nothing but spaces and line ends.
     */
    static String token(String value) {
        return WHITESPACE.matcher(xmlSafe(value)).replaceAll(" ").replaceAll("^ | $", "");
    }

    /** UTC, whole milliseconds at most, always with {@code Z}: what the schema's pattern accepts. */
    static String dateTime(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    private static String xmlSafe(String value) {
        StringBuilder safe = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean allowed =
                    (c >= 0x20 && c != 0xFFFE && c != 0xFFFF || c == '\t' || c == '\n' || c == '\r') && !lone(value, i);
            if (!allowed && safe == null) {
                safe = new StringBuilder(value.substring(0, i));
            }
            if (safe != null) {
                safe.append(allowed ? c : '\uFFFD');
            }
        }
        return safe == null ? value : safe.toString();
    }

    /** A surrogate without its other half: UTF-8 cannot encode it. */
    private static boolean lone(String value, int i) {
        char c = value.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(value.charAt(i - 1));
        }
        return false;
    }
}
