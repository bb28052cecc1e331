package net.cpmpf.local;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs SIPp, the independent SIP peer, with a scenario from {@code src/test/resources/sipp}. */
final class Sipp {

    private Sipp() {}

    static boolean installed() {
        try {
            var process =
                    new ProcessBuilder("sipp", "-v").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /**
     * Runs {@code calls} calls of a scenario against {@code target} over {@code transport} ({@code u1} or {@code t1})
     * and returns SIPp's result: exit code 0 means every call passed.
     */
    static Result run(String scenario, String transport, String target, int calls, String... extra) throws Exception {
        return finish(start(scenario, transport, target, calls, extra));
    }

    /**
     * Starts SIPp without waiting for it; {@code extra} are more SIPp options ({@code -p} among them chooses the
     * local port, which is otherwise a free one).
     */
    static Process start(String scenario, String transport, String target, int calls, String... extra)
            throws IOException {
        Path scenarioFile = Path.of("src/test/resources/sipp", scenario).toAbsolutePath();
        Path workDir = Files.createDirectories(Path.of("target/sipp")).toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(
                "sipp",
                "-sf",
                scenarioFile.toString(),
                "-t",
                transport,
                "-i",
                "127.0.0.1",
                "-m",
                Integer.toString(calls),
                "-r",
                "10",
                "-timeout",
                "30s",
                "-timeout_error",
                "-nostdin",
                "-trace_err",
                "-error_file",
                workDir.resolve(scenario + "-" + transport + "-errors.log").toString()));
        List<String> options = List.of(extra);
        if (!options.contains("-p")) {
            command.addAll(List.of("-p", Integer.toString(freePort())));
        }
        command.addAll(options);
        if (target != null) {
            command.add(target);
        }
        return new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .start();
    }

    /** Waits for SIPp to end (60 s at most) and returns its result. */
    static Result finish(Process process) throws Exception {
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(-1, output);
        }
        return new Result(process.exitValue(), output);
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    record Result(int exitCode, String output) {}
}
