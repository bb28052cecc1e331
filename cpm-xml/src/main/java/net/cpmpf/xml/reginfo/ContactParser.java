package net.cpmpf.xml.reginfo;

import static net.cpmpf.xml.reginfo.ReginfoParser.GRUU_NAMESPACE;
import static net.cpmpf.xml.reginfo.ReginfoParser.NAMESPACE;

import java.util.ArrayList;
import java.util.List;
import net.cpmpf.xml.MalformedDocumentException;
import net.cpmpf.xml.MalformedDocumentException.Reason;
import net.cpmpf.xml.SafeXmlReader;

/** Reads one {@code <contact>} for {@link ReginfoParser}. */
final class ContactParser {

    private final ReginfoLimits limits;

    ContactParser(ReginfoLimits limits) {
        this.limits = limits;
    }

    Contact contact(SafeXmlReader reader) throws MalformedDocumentException {
        String id = Values.required(reader, "id");
        Contact.State state = Values.enumValue(Contact.State.class, Values.required(reader, "state"), "contact state");
        Contact.Event event = Values.enumValue(Contact.Event.class, Values.required(reader, "event"), "contact event");
        Long expires = Values.optionalExpires(reader.attribute("expires"));
        Double q = Values.optionalQ(reader.attribute("q"));
        String callId = reader.attribute("callid");
        String cseqValue = reader.attribute("cseq");
        Long cseq = cseqValue == null ? null : Values.unsignedLong(cseqValue, "cseq");
        String uri = null;
        String displayName = null;
        List<Contact.UnknownParam> params = new ArrayList<>();
        String pubGruu = null;
        Contact.TempGruu tempGruu = null;
        while (reader.nextChild()) {
            if (reader.is(NAMESPACE, "uri")) {
                if (uri != null) {
                    throw new MalformedDocumentException(Reason.INVALID_VALUE, "two uri in contact " + id);
                }
                uri = reader.text().strip();
            } else if (reader.is(NAMESPACE, "display-name")) {
                displayName = reader.text();
            } else if (reader.is(NAMESPACE, "unknown-param")) {
                if (params.size() == limits.maxUnknownParamsPerContact()) {
                    throw new MalformedDocumentException(
                            Reason.TOO_MANY_ITEMS,
                            "more than " + limits.maxUnknownParamsPerContact() + " unknown-param in contact " + id);
                }
                params.add(unknownParam(reader));
            } else if (reader.is(GRUU_NAMESPACE, "pub-gruu")) {
                pubGruu = Values.required(reader, "uri");
                reader.skip();
            } else if (reader.is(GRUU_NAMESPACE, "temp-gruu")) {
                tempGruu = newest(tempGruu, tempGruu(reader));
            } else {
                reader.skip();
            }
        }
        if (uri == null || uri.isEmpty()) {
            throw new MalformedDocumentException(Reason.MISSING_REQUIRED, "uri of contact " + id);
        }
        return new Contact(id, state, event, expires, q, callId, cseq, uri, displayName, params, pubGruu, tempGruu);
    }

    private static Contact.UnknownParam unknownParam(SafeXmlReader reader) throws MalformedDocumentException {
        String name = Values.required(reader, "name");
        String value = reader.text().strip();
        return new Contact.UnknownParam(name, value.isEmpty() ? null : value);
    }

    private static Contact.TempGruu tempGruu(SafeXmlReader reader) throws MalformedDocumentException {
        String uri = Values.required(reader, "uri");
        long firstCseq = Values.unsignedLong(Values.required(reader, "first-cseq"), "first-cseq");
        reader.skip();
        return new Contact.TempGruu(uri, firstCseq);
    }

    /** RFC 5628 reports one temp-gruu; should a registrar send several, the latest minted is the one to use. */
    private static Contact.TempGruu newest(Contact.TempGruu current, Contact.TempGruu candidate) {
        return current == null || candidate.firstCseq() >= current.firstCseq() ? candidate : current;
    }
}
