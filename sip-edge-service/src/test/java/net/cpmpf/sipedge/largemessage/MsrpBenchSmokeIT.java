package net.cpmpf.sipedge.largemessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The MSRP benchmark harness ({@code bench/msrp}) still works: its smoke mode starts the edge from the jar this build
 * made, on free ports, sends 1 MB directly and through the edge's relay, and reports both byte-exact. The load
 * generator runs on this test's own class path and both JVMs with this test's java.
 */
class MsrpBenchSmokeIT {

    private static final Path HARNESS =
            Path.of("../bench/msrp").toAbsolutePath().normalize();
    private static final Pattern SUMMARY =
            Pattern.compile("MSRP BENCH SUMMARY cases=(\\d+) ok=(\\d+) failed=(\\d+) edge_vs_direct=([0-9.]+)");

    @Test
    void smokeRunRelaysEveryByte() throws Exception {
        assumeTrue(python3Installed(), "python3 is not installed");
        assertThat(HARNESS).isExecutable();

        Path out = Files.createDirectories(Path.of("target/msrp-bench-smoke")).toAbsolutePath();
        Path output = out.resolve("run.out");
        Process run = new ProcessBuilder(
                        "python3",
                        HARNESS.toString(),
                        "--smoke",
                        "--classpath",
                        System.getProperty("java.class.path"),
                        "--java",
                        ProcessHandle.current().info().command().orElse("java"),
                        "--out",
                        out.toString())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        boolean ended = run.waitFor(8, TimeUnit.MINUTES);
        if (!ended) {
            run.descendants().forEach(ProcessHandle::destroy);
            run.destroyForcibly();
        }
        String text = Files.readString(output);

        assertThat(ended).as(text).isTrue();
        assertThat(run.exitValue()).as(text).isZero();
        var summary = SUMMARY.matcher(text);
        assertThat(summary.find()).as(text).isTrue();
        assertThat(Integer.parseInt(summary.group(1))).as(text).isEqualTo(2);
        assertThat(Integer.parseInt(summary.group(2))).as(text).isEqualTo(2);
        assertThat(Integer.parseInt(summary.group(3))).as(text).isZero();
        assertThat(Double.parseDouble(summary.group(4))).as(text).isPositive();
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
