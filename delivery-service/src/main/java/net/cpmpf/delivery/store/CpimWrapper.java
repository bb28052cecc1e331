package net.cpmpf.delivery.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

/**
 * Wraps a SIP body in a {@code message/cpim} body (RFC 3862), as OMA CPM Message Storage keeps messages: CPIM headers
 * {@code From}, {@code To}, {@code DateTime}, then the MIME headers and bytes of the original content.
 *
 * <p>IMAP {@code APPEND} carries lines: Angus Mail turns every bare CR or LF into CRLF on the way, and NUL is not
 * allowed at all. A body that would not survive that (binary content, text with bare LF) is therefore carried in
 * base64 with {@code Content-Transfer-Encoding: base64}; decoding gives back the exact bytes. {@code Content-Length}
 * is the length of the bytes that follow the MIME headers, encoded or not.
 */
final class CpimWrapper {

    static final String CPIM = "message/cpim";
    private static final String DEFAULT_CONTENT_TYPE = "text/plain";
    private static final int MAX_LINE = 998;
    private static final Base64.Encoder BASE64 = Base64.getMimeEncoder(76, new byte[] {'\r', '\n'});

    private CpimWrapper() {}

    static byte[] wrap(String from, String to, Instant dateTime, String contentType, byte[] content) {
        boolean raw = lineSafe(content);
        byte[] payload = raw ? content : BASE64.encode(content);
        var mimeHeaders = new StringBuilder()
                .append("Content-Type: ")
                .append(contentType == null || contentType.isBlank() ? DEFAULT_CONTENT_TYPE : oneLine(contentType))
                .append("\r\n");
        if (!raw) {
            mimeHeaders.append("Content-Transfer-Encoding: base64\r\n");
        }
        mimeHeaders.append("Content-Length: ").append(payload.length).append("\r\n");
        String headers = "From: <" + oneLine(from) + ">\r\n"
                + "To: <" + oneLine(to) + ">\r\n"
                + "DateTime: " + DateTimeFormatter.ISO_INSTANT.format(dateTime) + "\r\n"
                + "\r\n"
                + mimeHeaders
                + "\r\n";
        var out = new ByteArrayOutputStream(headers.length() + payload.length);
        out.writeBytes(headers.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(payload);
        return out.toByteArray();
    }

    /** Whether the bytes pass through an IMAP APPEND unchanged: no NUL, CR and LF only as CRLF, lines of ≤ 998. */
    static boolean lineSafe(byte[] content) {
        int lineLength = 0;
        for (int i = 0; i < content.length; i++) {
            byte b = content[i];
            if (b == 0) {
                return false;
            }
            if (b == '\r') {
                if (i + 1 == content.length || content[i + 1] != '\n') {
                    return false;
                }
            } else if (b == '\n') {
                if (i == 0 || content[i - 1] != '\r') {
                    return false;
                }
                lineLength = 0;
            } else if (++lineLength > MAX_LINE) {
                return false;
            }
        }
        return true;
    }

    /** A header value cannot span lines: a CR or LF in it would start a header of the sender's choosing. */
    static String oneLine(String value) {
        return value.replace('\r', ' ').replace('\n', ' ');
    }
}
