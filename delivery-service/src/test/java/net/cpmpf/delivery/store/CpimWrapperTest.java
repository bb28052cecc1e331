package net.cpmpf.delivery.store;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CpimWrapperTest {

    private static final Instant AT = Instant.parse("2025-06-03T11:05:30Z");
    private static final String ALICE = "sip:alice@example.com";
    private static final String BOB = "sip:bob@example.com";

    @Test
    void wrapsTextWithCpimAndMimeHeaders() {
        byte[] wrapped = CpimWrapper.wrap(ALICE, BOB, AT, "text/plain;charset=UTF-8", "Hello\r\nBob".getBytes(UTF_8));

        assertThat(new String(wrapped, UTF_8))
                .isEqualTo("From: <sip:alice@example.com>\r\n"
                        + "To: <sip:bob@example.com>\r\n"
                        + "DateTime: 2025-06-03T11:05:30Z\r\n"
                        + "\r\n"
                        + "Content-Type: text/plain;charset=UTF-8\r\n"
                        + "Content-Length: 10\r\n"
                        + "\r\n"
                        + "Hello\r\nBob");
    }

    @Test
    void contentWithoutTypeIsTextPlainAndFractionsOfSecondsAreKept() {
        byte[] wrapped =
                CpimWrapper.wrap(ALICE, BOB, Instant.parse("2025-06-03T11:05:30.250Z"), null, "Hi".getBytes(UTF_8));

        assertThat(new String(wrapped, UTF_8))
                .isEqualTo("From: <sip:alice@example.com>\r\n"
                        + "To: <sip:bob@example.com>\r\n"
                        + "DateTime: 2025-06-03T11:05:30.250Z\r\n"
                        + "\r\n"
                        + "Content-Type: text/plain\r\n"
                        + "Content-Length: 2\r\n"
                        + "\r\n"
                        + "Hi");
    }

    @Test
    void utf8TextKeepsItsBytesAndContentLengthCountsBytes() {
        byte[] text = "Grüße 👋".getBytes(UTF_8);

        byte[] wrapped = CpimWrapper.wrap(ALICE, BOB, AT, "text/plain;charset=UTF-8", text);

        assertThat(contentOf(wrapped)).isEqualTo(text);
        assertThat(new String(wrapped, UTF_8)).contains("Content-Length: " + text.length + "\r\n\r\n");
        assertThat(text.length).isEqualTo(12);
    }

    @Test
    void binaryContentTravelsInBase64AndDecodesToTheExactBytes() {
        byte[] binary = new byte[300];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }

        byte[] wrapped = CpimWrapper.wrap(ALICE, BOB, AT, "application/octet-stream", binary);

        String text = new String(wrapped, US_ASCII);
        byte[] encoded = contentOf(wrapped);
        assertThat(text)
                .contains("\r\n\r\nContent-Type: application/octet-stream\r\n"
                        + "Content-Transfer-Encoding: base64\r\n"
                        + "Content-Length: " + encoded.length + "\r\n\r\n");
        assertThat(CpimWrapper.lineSafe(encoded)).isTrue();
        assertThat(Base64.getMimeDecoder().decode(encoded)).isEqualTo(binary);
    }

    @Test
    void textWithBareLineFeedsIsEncodedBecauseAppendWouldChangeThem() {
        byte[] text = "line one\nline two\n".getBytes(UTF_8);

        byte[] wrapped = CpimWrapper.wrap(ALICE, BOB, AT, "text/plain", text);

        assertThat(new String(wrapped, US_ASCII))
                .endsWith("Content-Type: text/plain\r\n"
                        + "Content-Transfer-Encoding: base64\r\n"
                        + "Content-Length: 24\r\n"
                        + "\r\n"
                        + "bGluZSBvbmUKbGluZSB0d28K");
        assertThat(Base64.getMimeDecoder().decode(contentOf(wrapped))).isEqualTo(text);
    }

    @Test
    void aLineBreakInAHeaderValueCannotStartAnotherHeader() {
        byte[] wrapped = CpimWrapper.wrap(ALICE, BOB, AT, "text/plain\r\nX-Evil: 1", "x".getBytes(UTF_8));

        assertThat(new String(wrapped, UTF_8)).contains("Content-Type: text/plain  X-Evil: 1\r\n");
    }

    @Test
    void lineSafeBytesAreThoseAppendKeepsUnchanged() {
        assertThat(CpimWrapper.lineSafe(new byte[0])).isTrue();
        assertThat(CpimWrapper.lineSafe("a\r\nb\r\n".getBytes(UTF_8))).isTrue();
        assertThat(CpimWrapper.lineSafe("ü\r\n".getBytes(UTF_8))).isTrue();
        for (String unsafe : new String[] {"a\nb", "a\rb", "a\r", "\n", "a\r\r\n", "a\u0000b"}) {
            assertThat(CpimWrapper.lineSafe(unsafe.getBytes(UTF_8))).as(unsafe).isFalse();
        }
    }

    @Test
    void linesLongerThan998OctetsAreNotLineSafe() {
        String line = "x".repeat(998);

        assertThat(CpimWrapper.lineSafe((line + "\r\n" + line).getBytes(US_ASCII)))
                .isTrue();
        assertThat(CpimWrapper.lineSafe((line + "x").getBytes(US_ASCII))).isFalse();
    }

    /** What follows the CPIM headers and the MIME headers. */
    static byte[] contentOf(byte[] cpim) {
        int start = indexOfBlankLine(cpim, indexOfBlankLine(cpim, 0) + 4) + 4;
        return Arrays.copyOfRange(cpim, start, cpim.length);
    }

    private static int indexOfBlankLine(byte[] bytes, int from) {
        for (int i = from; i + 3 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
                return i;
            }
        }
        throw new AssertionError("no blank line after " + from);
    }
}
