package net.cpmpf.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The benchmark harness ({@code bench/run}, issue 6) still works: its smoke mode, against the local stack started
 * here, registers two bench devices, sends a few seconds of MESSAGEs at a low rate and reports every one answered.
 */
class BenchSmokeIT {

    private static final Path HARNESS = Path.of("../bench/run").toAbsolutePath().normalize();
    private static final Pattern SUMMARY =
            Pattern.compile("BENCH SUMMARY cpm: messages=(\\d+) ok=(\\d+) failed=(\\d+)");

    @Test
    void smokeRunAnswersEveryMessage() throws Exception {
        assumeTrue(Sipp.installed(), "sipp is not installed");
        assumeTrue(python3Installed(), "python3 is not installed");
        assumeTrue(Files.isExecutable(HARNESS), HARNESS + " is missing");

        var stack = LocalStackProcess.start(Path.of("target/bench-smoke-it.log"));
        try {
            Path out = Files.createDirectories(Path.of("target/bench-smoke")).toAbsolutePath();
            Path output = out.resolve("run.out");
            Process run = new ProcessBuilder(
                            "python3", HARNESS.toString(), "--smoke", "--use-running", "--out", out.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            boolean ended = run.waitFor(60, TimeUnit.SECONDS);
            if (!ended) {
                run.destroyForcibly();
            }
            String text = Files.readString(output);

            assertThat(ended).as(text).isTrue();
            assertThat(run.exitValue()).as(text).isZero();
            var summary = SUMMARY.matcher(text);
            assertThat(summary.find()).as(text).isTrue();
            assertThat(Integer.parseInt(summary.group(1))).as(text).isPositive();
            assertThat(Integer.parseInt(summary.group(2))).as(text).isEqualTo(Integer.parseInt(summary.group(1)));
            assertThat(Integer.parseInt(summary.group(3))).as(text).isZero();
        } finally {
            stack.stop();
        }
    }

    private static boolean python3Installed() {
        try {
            var process = new ProcessBuilder("python3", "--version")
                    .redirectErrorStream(true)
                    .start();
            process.getInputStream().readAllBytes();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
