package net.cpmpf.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The local stack as the README starts it: {@code java -jar cpm-local/target/cpm-local.jar}, in its own process. */
final class LocalStackProcess {

    private final Process process;
    private final Path log;

    private LocalStackProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts the jar with {@code args} and waits for its ready banner; its output goes to {@code log}. Without the
     * warm-up ({@code -Dcpm.local.warm-up=0}): the tests' own traffic is light, and each stack would take half a
     * minute longer to be ready.
     */
    static LocalStackProcess start(Path log, String... args) throws IOException {
        return start(log, List.of("-Dcpm.local.warm-up=0"), args);
    }

    /** As {@link #start(Path, String...)}, with {@code jvm} options (system properties of the stack) instead. */
    static LocalStackProcess start(Path log, List<String> jvm, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvm);
        command.addAll(List.of("-jar", "target/cpm-local.jar"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Awaitility.await("the local stack's ready banner")
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(250))
                .failFast("the stack exited; see " + log, () -> !process.isAlive())
                .until(() -> Files.readString(log).contains("CPM PF local stack ready"));
        return new LocalStackProcess(process, log);
    }

    Process process() {
        return process;
    }

    /** SIGTERM, as an operator's Ctrl-C; through the handle, since Process.destroy() closes our end of the output. */
    void stop() throws InterruptedException {
        if (process.isAlive()) {
            process.toHandle().destroy();
            assertThat(process.waitFor(60, TimeUnit.SECONDS))
                    .as("stopped within 60 s; see " + log)
                    .isTrue();
        }
    }

    /**
     * One stack for a whole test class: {@code @RegisterExtension static final LocalStackProcess.PerClass STACK = new
     * LocalStackProcess.PerClass(log, args)} starts it before the first test and stops it after the last.
     */
    static final class PerClass implements BeforeAllCallback, AfterAllCallback {

        private final Path log;
        private final String[] args;
        private LocalStackProcess stack;

        PerClass(Path log, String... args) {
            this.log = log;
            this.args = args;
        }

        @Override
        public void beforeAll(ExtensionContext context) throws IOException {
            stack = start(log, args);
        }

        @Override
        public void afterAll(ExtensionContext context) throws InterruptedException {
            if (stack != null) {
                stack.stop();
            }
        }
    }

    static HttpResponse<String> http(String method, String url, String contentType, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
