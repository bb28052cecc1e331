package net.cpmpf.xml;

import java.util.Objects;

/**
 * An XML document was refused: not well-formed, over a limit, or not the expected vocabulary. The {@link #reason()}
 * lets a caller choose its answer (and a metric label) without parsing the message; the message says what was wrong
 * and where, and never echoes more than a short excerpt of the input.
 */
public class MalformedDocumentException extends Exception {

    /** Why a document was refused. */
    public enum Reason {
        /** Larger than {@link XmlLimits#maxDocumentBytes()}. */
        DOCUMENT_TOO_LARGE,
        /** Has a DOCTYPE: DTDs, and with them every entity declaration, are refused outright. */
        DTD_FORBIDDEN,
        /** Not well-formed XML (or not decodable in its declared encoding). */
        NOT_WELL_FORMED,
        /** Nested deeper than {@link XmlLimits#maxDepth()}. */
        TOO_DEEP,
        /** More elements than {@link XmlLimits#maxElements()}. */
        TOO_MANY_ELEMENTS,
        /** An element with more attributes than {@link XmlLimits#maxAttributesPerElement()}. */
        TOO_MANY_ATTRIBUTES,
        /** An attribute value longer than {@link XmlLimits#maxAttributeLength()}. */
        ATTRIBUTE_TOO_LONG,
        /** Character data longer than {@link XmlLimits#maxTextLength()}. */
        TEXT_TOO_LONG,
        /** The root element is not the one expected (name or namespace). */
        UNEXPECTED_ROOT,
        /** A required attribute or element is absent. */
        MISSING_REQUIRED,
        /** An attribute or element has a value outside its type (an unknown enumeration value, a bad number). */
        INVALID_VALUE,
        /** More items of one kind than a vocabulary-specific limit allows. */
        TOO_MANY_ITEMS
    }

    private final Reason reason;

    public MalformedDocumentException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public MalformedDocumentException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
