package net.cpmpf.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The fault harness ({@code faults/run}, issue 8) still works: its smoke mode starts the infrastructure and the five
 * services as separate processes on the harness's own ports (SIP 6060, HTTP 18080-18084, Kafka 19092, Redis 16379),
 * registers two lab devices, sends MESSAGEs while it kills Redis with SIGKILL and starts it again, and accounts for
 * every acked MESSAGE: none lost, none delivered twice, none unanswered.
 */
class FaultsSmokeIT {

    private static final Path HARNESS =
            Path.of("../faults/run").toAbsolutePath().normalize();
    private static final Pattern SUMMARY = Pattern.compile(
            "FAULTS SUMMARY: faults=(\\d+) sent=(\\d+) acked=(\\d+) lost=(\\d+) duplicated=(\\d+) unanswered=(\\d+)");
    /** A few of the harness's fixed ports: busy means another fault run, which this one would disturb. */
    private static final int[] HARNESS_TCP_PORTS = {6060, 16379, 18080, 19092};

    @Test
    void smokeRunLosesAndDuplicatesNothing() throws Exception {
        assumeTrue(Sipp.installed(), "sipp is not installed");
        assumeTrue(python3Installed(), "python3 is not installed");
        assumeTrue(Files.isExecutable(HARNESS), HARNESS + " is missing");
        assumeTrue(harnessPortsFree(), "the fault harness's ports are taken (another fault run?)");

        Path out = Path.of("target/faults-smoke").toAbsolutePath();
        Files.createDirectories(out.getParent());
        Path output = out.resolveSibling("faults-smoke.out");
        Process run = new ProcessBuilder("python3", HARNESS.toString(), "--smoke", "--out", out.toString())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        // About a minute on an idle two-core machine (seven processes start); bounded well beyond.
        boolean ended = run.waitFor(5, TimeUnit.MINUTES);
        if (!ended) {
            run.toHandle().destroy();
            run.waitFor(60, TimeUnit.SECONDS);
        }
        String text = Files.readString(output);

        assertThat(ended).as(text).isTrue();
        assertThat(run.exitValue()).as(text).isZero();
        var summary = SUMMARY.matcher(text);
        assertThat(summary.find()).as(text).isTrue();
        assertThat(Integer.parseInt(summary.group(1))).as("faults run").isEqualTo(1);
        assertThat(Integer.parseInt(summary.group(2))).as("sent").isPositive();
        assertThat(Integer.parseInt(summary.group(3))).as("acked").isPositive();
        assertThat(Integer.parseInt(summary.group(4))).as("lost").isZero();
        assertThat(Integer.parseInt(summary.group(5))).as("duplicated").isZero();
        assertThat(Integer.parseInt(summary.group(6))).as("unanswered").isZero();
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

    private static boolean harnessPortsFree() {
        for (int port : HARNESS_TCP_PORTS) {
            try (var socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
            } catch (IOException e) {
                return false;
            }
        }
        try (var socket = new DatagramSocket(6060, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
