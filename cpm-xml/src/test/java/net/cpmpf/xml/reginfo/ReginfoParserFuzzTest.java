package net.cpmpf.xml.reginfo;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import net.cpmpf.xml.MalformedDocumentException;
import net.cpmpf.xml.XmlLimits;

/**
 * Fuzzes the reginfo parser, and the subscription state the parsed document is applied to, with Jazzer. A normal
 * test run replays the committed corpus ({@code src/test/resources/.../ReginfoParserFuzzTestInputs/});
 * {@code JAZZER_FUZZ=1} fuzzes (README, Development). Whatever the bytes, the parser returns a document the state
 * accepts or ignores, or throws {@link MalformedDocumentException}; anything else is a finding.
 */
class ReginfoParserFuzzTest {

    private static final ReginfoParser SMALL =
            new ReginfoParser(new XmlLimits(8_192, 8, 200, 8, 256, 256), new ReginfoLimits(4, 4, 4));

    private static final ReginfoParser DEFAULT = new ReginfoParser();

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    @FuzzTest(maxDuration = "3m")
    void parsesOrRefuses(byte[] body) {
        for (ReginfoParser parser : new ReginfoParser[] {SMALL, DEFAULT}) {
            Reginfo document;
            try {
                document = parser.parse(body);
            } catch (MalformedDocumentException refused) {
                assertThat(refused.reason()).isNotNull();
                assertThat(refused.getMessage()).hasSizeLessThan(1_000);
                continue;
            }
            RegistrationState state = new RegistrationState(CLOCK);
            ApplyResult first = state.apply(document);
            assertThat(first.outcome()).isNotNull();
            for (String aor : state.aors()) {
                assertThat(state.contacts(aor)).isNotNull();
            }
            // The same document again is at most a repeat: its version is no longer new.
            assertThat(state.apply(document).outcome()).isNotNull();
        }
    }
}
