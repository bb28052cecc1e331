package net.cpmpf.xml;

import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import net.cpmpf.xml.MalformedDocumentException.Reason;

/**
 * A pull reader over one untrusted XML document, built on the JDK's own StAX parser (never one found on the class
 * path, whose hardening switches may differ) and enforcing {@link XmlLimits} as it streams. No DTD is accepted, so
 * there are no entity declarations to expand (billion laughs) or to fetch (XXE); only the five predefined entities
 * and character references are resolved. The body must be UTF-8 (an optional byte order mark is dropped); an
 * {@code encoding} in the XML declaration is not consulted. Every parser error surfaces as a
 * {@link MalformedDocumentException}.
 *
 * <p>Usage is recursive descent: {@link #openRoot} positions on the root element; on any start element,
 * {@link #nextChild()} moves to the next child element or consumes the end tag and returns {@code false};
 * {@link #text()} and {@link #skip()} consume the current element entirely. Namespaces are matched by URI, never by
 * prefix. Not thread-safe: one reader per document.
 */
public final class SafeXmlReader {

    private static final int MAX_ERROR_DETAIL = 200;

    private final XMLStreamReader reader;
    private final XmlLimits limits;
    private int depth;
    private int elements;
    private int textRun;

    private SafeXmlReader(XMLStreamReader reader, XmlLimits limits) {
        this.reader = reader;
        this.limits = limits;
    }

    /**
     * Starts reading {@code body} and moves to its root element, which must be {@code namespace}:{@code localName}.
     */
    public static SafeXmlReader openRoot(byte[] body, XmlLimits limits, String namespace, String localName)
            throws MalformedDocumentException {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(limits, "limits");
        if (body.length > limits.maxDocumentBytes()) {
            throw new MalformedDocumentException(
                    Reason.DOCUMENT_TOO_LARGE, body.length + " bytes, limit " + limits.maxDocumentBytes());
        }
        XMLStreamReader streamReader;
        try {
            streamReader = hardenedFactory().createXMLStreamReader(new StringReader(decodeUtf8(body)));
        } catch (XMLStreamException e) {
            throw notWellFormed(e);
        } catch (RuntimeException e) {
            throw parserFailed(e);
        }
        SafeXmlReader safe = new SafeXmlReader(streamReader, limits);
        int event = safe.advance();
        while (event != XMLStreamConstants.START_ELEMENT && event != XMLStreamConstants.END_DOCUMENT) {
            event = safe.advance();
        }
        if (!safe.is(namespace, localName)) {
            throw new MalformedDocumentException(
                    Reason.UNEXPECTED_ROOT, "expected {" + namespace + "}" + localName + ", got " + safe.describe());
        }
        return safe;
    }

    /**
     * The vocabularies read here (RFC 3680, RFC 4745…) require UTF-8. Decoding strictly before parsing also keeps the
     * JDK parser from printing its own "[Fatal Error]" line to stderr for every malformed byte sequence it decodes.
     */
    private static String decodeUtf8(byte[] body) throws MalformedDocumentException {
        try {
            String text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new MalformedDocumentException(Reason.NOT_WELL_FORMED, "not UTF-8", e);
        }
    }

    /** One factory per document: StAX does not promise that a shared factory is thread-safe, and this one is cheap. */
    private static XMLInputFactory hardenedFactory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external resource refused: " + systemId);
        });
        return factory;
    }

    /** Whether the current start element is {@code namespace}:{@code localName}. */
    public boolean is(String namespace, String localName) {
        return reader.isStartElement()
                && localName.equals(reader.getLocalName())
                && namespace.equals(reader.getNamespaceURI());
    }

    /** The local name of the current start element, for vocabularies that give meaning to any element name. */
    public String localName() {
        return reader.getLocalName();
    }

    /** The namespace URI of the current start element; empty when it has none. */
    public String namespaceUri() {
        String namespace = reader.getNamespaceURI();
        return namespace == null ? "" : namespace;
    }

    /** The value of the current element's attribute with no namespace, or {@code null}. */
    public String attribute(String localName) {
        return attribute("", localName);
    }

    /** The value of the current element's attribute {@code namespace}:{@code localName}, or {@code null}. */
    public String attribute(String namespace, String localName) {
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            String attributeNamespace = reader.getAttributeNamespace(i);
            if (localName.equals(reader.getAttributeLocalName(i))
                    && namespace.equals(attributeNamespace == null ? "" : attributeNamespace)) {
                return reader.getAttributeValue(i);
            }
        }
        return null;
    }

    /**
     * From a start element: moves to its next child element and returns {@code true}, or consumes its end tag and
     * returns {@code false}. Character data between children is ignored (but still bounded).
     */
    public boolean nextChild() throws MalformedDocumentException {
        while (true) {
            int event = advance();
            if (event == XMLStreamConstants.START_ELEMENT) {
                return true;
            }
            if (event == XMLStreamConstants.END_ELEMENT) {
                return false;
            }
        }
    }

    /** From a start element: consumes it and its subtree. */
    public void skip() throws MalformedDocumentException {
        while (nextChild()) {
            skip();
        }
    }

    /**
     * From a start element: consumes it and returns its character data; child elements (extensions) are skipped
     * and their text is not included.
     */
    public String text() throws MalformedDocumentException {
        StringBuilder text = new StringBuilder();
        while (true) {
            int event = advance();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> skip();
                case XMLStreamConstants.END_ELEMENT -> {
                    return text.toString();
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (text.length() + reader.getTextLength() > limits.maxTextLength()) {
                        throw new MalformedDocumentException(Reason.TEXT_TOO_LONG, "text in " + describe());
                    }
                    text.append(reader.getTextCharacters(), reader.getTextStart(), reader.getTextLength());
                }
                default -> {
                    // comments and processing instructions carry nothing we use
                }
            }
        }
    }

    /** After the root's end tag: reads to the end of the document so that trailing garbage is refused. */
    public void finish() throws MalformedDocumentException {
        while (reader.getEventType() != XMLStreamConstants.END_DOCUMENT) {
            if (advance() == XMLStreamConstants.START_ELEMENT) {
                throw new MalformedDocumentException(Reason.NOT_WELL_FORMED, "content after the root element");
            }
        }
    }

    /** A short description of the current position for error messages. */
    public String describe() {
        String where = " at line " + reader.getLocation().getLineNumber();
        return reader.isStartElement() || reader.isEndElement()
                ? excerpt("{" + reader.getNamespaceURI() + "}" + reader.getLocalName()) + where
                : "event " + reader.getEventType() + where;
    }

    private int advance() throws MalformedDocumentException {
        int event;
        try {
            event = reader.next();
        } catch (XMLStreamException e) {
            throw notWellFormed(e);
        } catch (RuntimeException e) {
            throw parserFailed(e);
        }
        switch (event) {
            case XMLStreamConstants.DTD, XMLStreamConstants.ENTITY_REFERENCE ->
                throw new MalformedDocumentException(Reason.DTD_FORBIDDEN, "DOCTYPE and entities are not accepted");
            case XMLStreamConstants.START_ELEMENT -> enterElement();
            case XMLStreamConstants.END_ELEMENT -> {
                depth--;
                textRun = 0;
            }
            case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                textRun += reader.getTextLength();
                if (textRun > limits.maxTextLength()) {
                    throw new MalformedDocumentException(Reason.TEXT_TOO_LONG, "character data near " + describe());
                }
            }
            default -> {
                // the remaining events (comments, processing instructions, end of document) need no bound
            }
        }
        return event;
    }

    private void enterElement() throws MalformedDocumentException {
        textRun = 0;
        if (++depth > limits.maxDepth()) {
            throw new MalformedDocumentException(Reason.TOO_DEEP, "limit " + limits.maxDepth() + ", " + describe());
        }
        if (++elements > limits.maxElements()) {
            throw new MalformedDocumentException(Reason.TOO_MANY_ELEMENTS, "limit " + limits.maxElements());
        }
        int attributes = reader.getAttributeCount();
        if (attributes > limits.maxAttributesPerElement()) {
            throw new MalformedDocumentException(Reason.TOO_MANY_ATTRIBUTES, attributes + " on " + describe());
        }
        for (int i = 0; i < attributes; i++) {
            if (reader.getAttributeValue(i).length() > limits.maxAttributeLength()) {
                throw new MalformedDocumentException(
                        Reason.ATTRIBUTE_TOO_LONG, reader.getAttributeLocalName(i) + " on " + describe());
            }
        }
    }

    private static MalformedDocumentException notWellFormed(XMLStreamException e) {
        return new MalformedDocumentException(Reason.NOT_WELL_FORMED, excerpt(String.valueOf(e.getMessage())), e);
    }

    /**
     * The JDK's parser does not always report bad input as {@link XMLStreamException}: a control character inside a
     * DOCTYPE it skips makes it look up an error message it lacks ({@code MissingResourceException:
     * InvalidCharInDTD}, found by fuzzing). Only the parser runs inside the guarded calls, so whatever it throws is
     * about the input.
     */
    private static MalformedDocumentException parserFailed(RuntimeException e) {
        return new MalformedDocumentException(
                Reason.NOT_WELL_FORMED,
                "parser failed: " + excerpt(e.getClass().getSimpleName() + " " + e.getMessage()),
                e);
    }

    /** Names and parser messages come from the input: cut them so an error never carries a large part of it. */
    private static String excerpt(String text) {
        return text.length() > MAX_ERROR_DETAIL ? text.substring(0, MAX_ERROR_DETAIL) + "…" : text;
    }
}
