package net.cpmpf.xml.reginfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import net.cpmpf.events.CpmAddress;
import net.cpmpf.xml.MalformedDocumentException;
import net.cpmpf.xml.MalformedDocumentException.Reason;
import net.cpmpf.xml.SafeXmlReader;
import net.cpmpf.xml.XmlLimits;

/**
 * Parses {@code application/reginfo+xml} (RFC 3680) with the RFC 5628 GRUU extension into a {@link Reginfo}.
 *
 * <p>Elements are matched by namespace ({@value #NAMESPACE}, {@value #GRUU_NAMESPACE}), never by prefix. Elements
 * and attributes the parser does not know are skipped, as the schema's extension points require; a document that is
 * not well-formed, has a DOCTYPE, exceeds a limit of {@link XmlLimits} or {@link ReginfoLimits}, lacks a required
 * attribute ({@code version}, {@code state}; registration {@code aor}, {@code id}, {@code state}; contact {@code
 * id}, {@code state}, {@code event}; the contact's {@code <uri>}) or has a value outside its type is refused with a
 * {@link MalformedDocumentException}. The AoR must be a CPM address ({@link CpmAddress#normalize}).
 *
 * <p>Immutable and thread-safe.
 */
public final class ReginfoParser {

    /** The RFC 3680 namespace. */
    public static final String NAMESPACE = "urn:ietf:params:xml:ns:reginfo";

    /** The RFC 5628 namespace. */
    public static final String GRUU_NAMESPACE = "urn:ietf:params:xml:ns:gruuinfo";

    private final XmlLimits xmlLimits;
    private final ContactParser contactParser;
    private final ReginfoLimits limits;

    /** A parser with {@link XmlLimits#DEFAULTS} and {@link ReginfoLimits#DEFAULTS}. */
    public ReginfoParser() {
        this(XmlLimits.DEFAULTS, ReginfoLimits.DEFAULTS);
    }

    public ReginfoParser(XmlLimits xmlLimits, ReginfoLimits limits) {
        this.xmlLimits = Objects.requireNonNull(xmlLimits, "xmlLimits");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.contactParser = new ContactParser(limits);
    }

    /**
     * @param body the NOTIFY body as received; its encoding is taken from the XML declaration (UTF-8 by default)
     * @throws MalformedDocumentException if the document is refused; nothing is partially returned
     */
    public Reginfo parse(byte[] body) throws MalformedDocumentException {
        SafeXmlReader reader = SafeXmlReader.openRoot(body, xmlLimits, NAMESPACE, "reginfo");
        long version = Values.unsignedLong(Values.required(reader, "version"), "version");
        Reginfo.State state = Values.enumValue(Reginfo.State.class, Values.required(reader, "state"), "state");
        List<Registration> registrations = new ArrayList<>();
        while (reader.nextChild()) {
            if (reader.is(NAMESPACE, "registration")) {
                if (registrations.size() == limits.maxRegistrations()) {
                    throw new MalformedDocumentException(
                            Reason.TOO_MANY_ITEMS, "more than " + limits.maxRegistrations() + " registrations");
                }
                registrations.add(registration(reader));
            } else {
                reader.skip();
            }
        }
        reader.finish();
        return new Reginfo(version, state, registrations);
    }

    private Registration registration(SafeXmlReader reader) throws MalformedDocumentException {
        String aor = Values.required(reader, "aor");
        try {
            CpmAddress.normalize(aor);
        } catch (IllegalArgumentException e) {
            throw new MalformedDocumentException(
                    Reason.INVALID_VALUE, "aor is not a CPM address: " + reader.describe());
        }
        String id = Values.required(reader, "id");
        Registration.State state =
                Values.enumValue(Registration.State.class, Values.required(reader, "state"), "registration state");
        List<Contact> contacts = new ArrayList<>();
        while (reader.nextChild()) {
            if (reader.is(NAMESPACE, "contact")) {
                if (contacts.size() == limits.maxContactsPerRegistration()) {
                    throw new MalformedDocumentException(
                            Reason.TOO_MANY_ITEMS,
                            "more than " + limits.maxContactsPerRegistration() + " contacts in a registration");
                }
                contacts.add(contactParser.contact(reader));
            } else {
                reader.skip();
            }
        }
        return new Registration(aor, id, state, contacts);
    }
}
