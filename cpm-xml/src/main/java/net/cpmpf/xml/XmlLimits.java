package net.cpmpf.xml;

/**
 * Bounds applied to every XML document parsed by {@link SafeXmlReader}. Each bound is checked while streaming, so a
 * hostile document is refused before it can cost more than these numbers of bytes, elements or characters. A
 * violation is a {@link MalformedDocumentException} naming the limit.
 *
 * @param maxDocumentBytes largest body accepted, checked before parsing starts (default 256 KiB: a reginfo document
 *     for an implicit registration set of tens of IMPUs with several contacts each stays far below it)
 * @param maxDepth deepest element nesting, the root being depth 1 (default 16; reginfo needs 4)
 * @param maxElements most elements in one document (default 10,000)
 * @param maxAttributesPerElement most attributes on one element (default 64)
 * @param maxAttributeLength longest attribute value in characters (default 2,048: long enough for GRUUs)
 * @param maxTextLength longest run of character data between two tags, in characters (default 4,096)
 */
public record XmlLimits(
        int maxDocumentBytes,
        int maxDepth,
        int maxElements,
        int maxAttributesPerElement,
        int maxAttributeLength,
        int maxTextLength) {

    /** The defaults documented on the components. */
    public static final XmlLimits DEFAULTS = new XmlLimits(256 * 1024, 16, 10_000, 64, 2_048, 4_096);

    public XmlLimits {
        requirePositive(maxDocumentBytes, "maxDocumentBytes");
        requirePositive(maxDepth, "maxDepth");
        requirePositive(maxElements, "maxElements");
        requirePositive(maxAttributesPerElement, "maxAttributesPerElement");
        requirePositive(maxAttributeLength, "maxAttributeLength");
        requirePositive(maxTextLength, "maxTextLength");
    }

    static void requirePositive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
