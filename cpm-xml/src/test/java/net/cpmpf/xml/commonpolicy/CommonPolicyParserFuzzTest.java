package net.cpmpf.xml.commonpolicy;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Instant;
import net.cpmpf.xml.MalformedDocumentException;
import net.cpmpf.xml.XmlLimits;

/**
 * Fuzzes the access policy parser with Jazzer. A normal test run replays the committed corpus
 * ({@code src/test/resources/.../CommonPolicyParserFuzzTestInputs/}); {@code JAZZER_FUZZ=1} fuzzes for the given
 * time (README, Development). Whatever the bytes, the parser returns a ruleset the evaluator can use, or throws
 * {@link MalformedDocumentException}; anything else (a runtime exception, an error, a hang) is a finding.
 */
class CommonPolicyParserFuzzTest {

    /** Small limits so that the fuzzer reaches each of them with short inputs. */
    private static final CommonPolicyParser SMALL =
            new CommonPolicyParser(new XmlLimits(8_192, 8, 200, 8, 256, 256), new CommonPolicyLimits(8, 16, 4, 4, 4));

    private static final CommonPolicyParser DEFAULT = new CommonPolicyParser();

    @FuzzTest(maxDuration = "3m")
    void parsesOrRefuses(byte[] body) {
        for (CommonPolicyParser parser : new CommonPolicyParser[] {SMALL, DEFAULT}) {
            Ruleset ruleset;
            try {
                ruleset = parser.parse(body);
            } catch (MalformedDocumentException refused) {
                assertThat(refused.reason()).isNotNull();
                assertThat(refused.getMessage()).hasSizeLessThan(1_000);
                continue;
            }
            for (String sender : new String[] {"sip:bob@example.com", "tel:+15551234"}) {
                Decision decision = AccessPolicy.evaluate(
                        ruleset, new Request(sender, "+g.oma.sip-cpm", "pager-mode-message", false, Instant.EPOCH));
                assertThat(decision.verdict()).isNotNull();
            }
        }
    }
}
