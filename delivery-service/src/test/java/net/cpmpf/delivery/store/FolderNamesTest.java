package net.cpmpf.delivery.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FolderNamesTest {

    @ParameterizedTest
    @CsvSource({
        "f81d4fae-7dec-11d0-a765-00a0c91e6bf6, f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
        "conv_1+a=b@x, conv_1+a=b@x",
        "a.b/c, a_b_c",
        "'*%', __",
        "'\"INBOX\"', _INBOX_",
        "'  padded  ', padded",
        "'&Grüße', _Gr__e",
        "'   ', ''",
    })
    void keepsOnlyCharactersWithoutMeaningInImapFolderNames(String input, String expected) {
        assertThat(FolderNames.segment(input)).isEqualTo(expected);
    }

    @Test
    void replacesControlCharacters() {
        assertThat(FolderNames.segment("a\tb\r\nc\u0000")).isEqualTo("a_b__c_");
    }

    @ParameterizedTest
    @CsvSource({"200", "128"})
    void boundsTheLength(int length) {
        assertThat(FolderNames.segment("c".repeat(length))).isEqualTo("c".repeat(FolderNames.MAX_LENGTH));
    }
}
