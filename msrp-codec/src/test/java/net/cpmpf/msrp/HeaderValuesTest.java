package net.cpmpf.msrp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.cpmpf.msrp.MsrpProtocolException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeaderValuesTest {

    @ParameterizedTest
    @ValueSource(strings = {"1-25/25", "1-*/8", "5-8/8", "1-*/*", "1-0/0", "2049-4096/*", "1-999999999999999999/*"})
    void byteRangesFormatBackAsParsed(String value) throws MsrpProtocolException {
        assertThat(ByteRange.parse(value).toString()).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "1-25",
                "0-1/1",
                "5-3/8",
                "1-9/8",
                "x-1/1",
                "1-1/x",
                "*-1/1",
                "1-1/1/1",
                "1--1/2",
                "1-1000000000000000000/*",
                " 1-2/2"
            })
    void badByteRangesAreRefused(String value) {
        assertThatThrownBy(() -> ByteRange.parse(value))
                .isInstanceOfSatisfying(
                        MsrpProtocolException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_HEADER_VALUE));
    }

    @Test
    void byteRangeKnowsWhatIsUnknown() throws MsrpProtocolException {
        ByteRange range = ByteRange.parse("1-*/*");
        assertThat(range.endKnown()).isFalse();
        assertThat(range.totalKnown()).isFalse();
        assertThat(ByteRange.parse("3-4/10")).isEqualTo(new ByteRange(3, 4, 10));
    }

    @Test
    void statusParsesAndFormats() throws MsrpProtocolException {
        assertThat(MsrpStatus.parse("000 200 OK")).isEqualTo(MsrpStatus.of(200, "OK"));
        assertThat(MsrpStatus.parse("000 413")).isEqualTo(MsrpStatus.of(413, null));
        assertThat(MsrpStatus.of(481, "Session does not exist").toString()).isEqualTo("000 481 Session does not exist");
        for (String bad : List.of("200 OK", "000 20 OK", "000-200", "abc 200", "000 200OK")) {
            assertThatThrownBy(() -> MsrpStatus.parse(bad)).isInstanceOf(MsrpProtocolException.class);
        }
    }

    @Test
    void headersValidateTheKnownOnesAndKeepTheRest() throws MsrpProtocolException {
        MsrpHeaders headers = MsrpHeaders.parse(List.of(
                new MsrpHeader("Message-ID", "87652491"),
                new MsrpHeader("X-Extension", "a"),
                new MsrpHeader("byte-range", "1-25/25"),
                new MsrpHeader("Failure-Report", "partial"),
                new MsrpHeader("X-Extension", "b"),
                new MsrpHeader("Content-Type", "text/plain; charset=utf-8")));

        assertThat(headers.messageId()).contains("87652491");
        assertThat(headers.byteRange()).contains(new ByteRange(1, 25, 25));
        assertThat(headers.failureReport()).isEqualTo(ReportMode.PARTIAL);
        assertThat(headers.successReport()).isEqualTo(ReportMode.NO);
        assertThat(headers.contentType()).contains("text/plain; charset=utf-8");
        assertThat(headers.getAll("x-extension")).containsExactly("a", "b");
        assertThat(headers.with("Byte-Range", "1-5/5").asList().get(2))
                .isEqualTo(new MsrpHeader("Byte-Range", "1-5/5"));
        assertThat(headers.without("X-Extension").asList()).hasSize(4);
        assertThat(MsrpHeaders.EMPTY.failureReport()).isEqualTo(ReportMode.YES);
    }

    @Test
    void headersRefuseDuplicatesPathsAndBadValues() {
        assertReason(
                List.of(new MsrpHeader("Message-ID", "abcd"), new MsrpHeader("message-id", "efgh")), Reason.BAD_HEADER);
        assertReason(List.of(new MsrpHeader("To-Path", "msrp://h:1/s;tcp")), Reason.BAD_HEADER);
        assertReason(List.of(new MsrpHeader("Message-ID", "ab")), Reason.BAD_HEADER_VALUE);
        assertReason(List.of(new MsrpHeader("Success-Report", "partial")), Reason.BAD_HEADER_VALUE);
        assertReason(List.of(new MsrpHeader("Failure-Report", "maybe")), Reason.BAD_HEADER_VALUE);
        assertReason(List.of(new MsrpHeader("Content-Type", "text")), Reason.BAD_HEADER_VALUE);
        assertReason(List.of(new MsrpHeader("Status", "200")), Reason.BAD_HEADER_VALUE);
        assertReason(List.of(new MsrpHeader("Use-Path", "msrp://h:1/s")), Reason.BAD_URI);
    }

    @Test
    void headerLinesCannotSmuggleLineBreaks() {
        assertThatThrownBy(() -> new MsrpHeader("X-A", "v\r\nTo-Path: x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MsrpHeader("X A", "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MsrpHeader("1X", "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MsrpMethod.of("Send")).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertReason(List<MsrpHeader> headers, Reason reason) {
        assertThatThrownBy(() -> MsrpHeaders.parse(headers))
                .isInstanceOfSatisfying(
                        MsrpProtocolException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
