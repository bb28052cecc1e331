package net.cpmpf.sipedge.sip;

import java.security.SecureRandom;
import java.text.ParseException;
import java.util.HexFormat;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import net.cpmpf.events.SipHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns a {@link SipReply} into a JAIN-SIP response for a request; the Server header comes from the factory. */
final class ResponseFactory {

    private static final Logger log = LoggerFactory.getLogger(ResponseFactory.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_REASON = 120;

    private final MessageFactory messages;
    private final HeaderFactory headers;

    ResponseFactory(MessageFactory messages, HeaderFactory headers) {
        this.messages = messages;
        this.headers = headers;
    }

    /** A To tag: RFC 3261 19.3 asks for at least 32 cryptographically random bits; this has 64. */
    static String newTag() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * The response, with {@code toTag} on a To header that has none.
     *
     * @throws IllegalArgumentException for a status that is not a final one, or a reason the RI refuses
     */
    Response create(Request request, SipReply reply, String toTag) {
        if (reply.status() < 200 || reply.status() > 699) {
            throw new IllegalArgumentException("not a final status: " + reply.status());
        }
        try {
            Response response = messages.createResponse(reply.status(), request);
            if (reply.reason() != null && !reply.reason().isBlank()) {
                response.setReasonPhrase(reasonPhrase(reply.reason()));
            }
            ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
            if (to != null && to.getTag() == null) {
                to.setTag(toTag);
            }
            reply.headers().forEach(header -> add(response, header));
            if (reply.body().length > 0) {
                response.setContent(reply.body(), contentType(reply.contentType()));
            }
            return response;
        } catch (ParseException e) {
            throw new IllegalArgumentException("cannot build " + reply.status() + ": " + e.getMessage(), e);
        }
    }

    /**
     * A reason phrase is one line of text (RFC 3261 §25.1): parser messages and other text that reach it lose their
     * control characters, so nothing can split the response, and are cut to {@value #MAX_REASON} characters.
     */
    static String reasonPhrase(String reason) {
        String line = reason.replaceAll("\\p{Cntrl}+", " ").strip();
        return line.length() > MAX_REASON ? line.substring(0, MAX_REASON) : line;
    }

    private void add(Response response, SipHeader header) {
        try {
            // The RI's factory takes one element of a list header at a time; it joins them again on the wire.
            String name = HeaderNames.longForm(header.name());
            for (String element : HeaderValues.split(name, header.value())) {
                response.addHeader(headers.createHeader(name, element));
            }
        } catch (ParseException | RuntimeException e) {
            // One bad header from a feature must not cost the caller the whole answer.
            log.warn(
                    "Dropped header {}: {} from a {} response: {}",
                    header.name(),
                    header.value(),
                    response.getStatusCode(),
                    e.getMessage());
        }
    }

    private ContentTypeHeader contentType(String value) throws ParseException {
        String type = value == null || value.isBlank() ? "application/octet-stream" : value;
        return (ContentTypeHeader) headers.createHeader(ContentTypeHeader.NAME, type);
    }
}
