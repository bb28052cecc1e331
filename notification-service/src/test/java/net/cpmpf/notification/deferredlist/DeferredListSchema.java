package net.cpmpf.notification.deferredlist;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.xml.sax.SAXException;

/** Validates documents against the shipped {@code schema/deferred-list.xsd}, with no external access at all. */
public final class DeferredListSchema {

    private static final Schema SCHEMA = load();

    private DeferredListSchema() {}

    /**
     * @throws SAXException when the document is not valid
     */
    public static void validate(byte[] document) throws SAXException, IOException {
        var validator = SCHEMA.newValidator();
        validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        validator.validate(new StreamSource(new ByteArrayInputStream(document)));
    }

    private static Schema load() {
        try (var xsd = DeferredListSchema.class.getResourceAsStream("/schema/deferred-list.xsd")) {
            if (xsd == null) {
                throw new IllegalStateException("schema/deferred-list.xsd is not on the classpath");
            }
            var factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return factory.newSchema(new StreamSource(xsd));
        } catch (IOException | SAXException e) {
            throw new IllegalStateException("cannot load schema/deferred-list.xsd", e);
        }
    }
}
