package net.cpmpf.sipedge.largemessage;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.cpmpf.msrp.MsrpResponse;
import net.cpmpf.msrp.MsrpUri;

/**
 * A real Kamailio process acting as an MSRP relay (RFC 4976) with the msrp module and
 * {@code src/test/resources/kamailio/msrp-relay.cfg}, on a free port of 127.0.0.1, logging every frame to a file the
 * tests read. Kamailio missing is an error, never a skip: the interop test must run wherever the suite runs.
 */
final class KamailioMsrpRelay implements AutoCloseable {

    static final String PASSWORD = "interop-secret";
    private static final List<Path> BINARIES =
            List.of(Path.of("/usr/sbin/kamailio"), Path.of("/usr/local/sbin/kamailio"));
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Pattern REALM = Pattern.compile("realm=\"([^\"]*)\"");
    private static final Pattern NONCE = Pattern.compile("nonce=\"([^\"]*)\"");

    private final Path dir;
    private final Path log;
    private final Process process;
    private final int port;
    private int authCount;

    private KamailioMsrpRelay(Path dir, Path log, Process process, int port) {
        this.dir = dir;
        this.log = log;
        this.process = process;
        this.port = port;
    }

    /** Starts Kamailio, logging every frame, and waits until it accepts TCP connections. */
    static KamailioMsrpRelay start() throws IOException, InterruptedException {
        return start(false);
    }

    /** @param quiet no log line per frame (for the benchmark: logging would be most of its work) */
    static KamailioMsrpRelay start(boolean quiet) throws IOException, InterruptedException {
        Path binary = binary().orElseThrow(
                        () -> new IllegalStateException("Kamailio is not installed (no kamailio in PATH or"
                                + " /usr/sbin): the MSRP interop test needs it. Install it with"
                                + " `apt-get install -y --no-install-recommends kamailio` (.ci/run does)."));
        Path dir = Files.createTempDirectory("kamailio-msrp");
        Path config = dir.resolve("msrp-relay.cfg");
        try (InputStream in = KamailioMsrpRelay.class.getResourceAsStream("/kamailio/msrp-relay.cfg")) {
            Files.copy(in, config, StandardCopyOption.REPLACE_EXISTING);
        }
        int port = freePort();
        Path log = dir.resolve("kamailio.log");
        List<String> command = new ArrayList<>(List.of(
                binary.toString(),
                "-f",
                config.toString(),
                "-DD",
                "-E",
                "-l",
                "tcp:127.0.0.1:" + port,
                "-Y",
                dir.toString(),
                "-P",
                dir.resolve("kamailio.pid").toString(),
                "-m",
                "64",
                "-M",
                "8",
                "-A",
                "AUTH_PASSWORD=\"" + PASSWORD + "\""));
        if (quiet) {
            command.addAll(List.of("-A", "QUIET"));
        }
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        var relay = new KamailioMsrpRelay(dir, log, process, port);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!relay.accepts()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String output = Files.readString(log);
                relay.close();
                throw new IllegalStateException("Kamailio did not start listening on " + port + ":\n" + output);
            }
            Thread.sleep(100);
        }
        return relay;
    }

    /** The relay's own URI, as an AUTH is addressed (no session part). */
    MsrpUri uri() {
        return MsrpUri.of("127.0.0.1", port, null);
    }

    int port() {
        return port;
    }

    /** Kamailio's main process and its workers, for CPU accounting. */
    List<ProcessHandle> processes() {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(process.toHandle());
        process.descendants().forEach(all::add);
        return all;
    }

    Path logFile() {
        return log;
    }

    /** Lines the relay's config logged (prefix {@code MSRP-RELAY}), without the prefix. */
    List<String> frames() throws IOException {
        List<String> found = new ArrayList<>();
        for (String line : Files.readAllLines(log, UTF_8)) {
            int at = line.indexOf("MSRP-RELAY ");
            if (at >= 0) {
                found.add(line.substring(at + "MSRP-RELAY ".length()));
            }
        }
        return found;
    }

    long count(String prefix) throws IOException {
        return frames().stream().filter(f -> f.startsWith(prefix)).count();
    }

    /**
     * Binds {@code peer}'s connection (already connected to this relay) with AUTH as RFC 4976 §5 describes: the first
     * AUTH is challenged, the second carries Digest credentials; the 200's Use-Path is the URI the peer puts in front
     * of its own path. Consumes the two responses from the peer's queue.
     */
    MsrpUri authenticate(MsrpTestPeer peer, String user, String password, Duration wait) throws Exception {
        String first = "a" + (++authCount) + user;
        peer.sendRaw(auth(first, peer.uri, null));
        MsrpResponse challenge = next(peer, wait);
        if (challenge.status() != 401) {
            throw new IllegalStateException("AUTH without credentials got " + challenge.status() + ", not 401");
        }
        String header = challenge.headers().get("WWW-Authenticate").orElseThrow();
        String realm = group(REALM, header);
        String nonce = group(NONCE, header);
        String target = uri().toString();
        String cnonce = Long.toHexString(System.nanoTime());
        String ha1 = md5(user + ":" + realm + ":" + password);
        String ha2 = md5("AUTH:" + target);
        String response = md5(ha1 + ":" + nonce + ":00000001:" + cnonce + ":auth:" + ha2);
        String credentials = "Digest username=\"" + user + "\", realm=\"" + realm + "\", nonce=\"" + nonce
                + "\", uri=\"" + target + "\", qop=auth, nc=00000001, cnonce=\"" + cnonce + "\", response=\""
                + response + "\", algorithm=MD5";
        String second = "a" + (++authCount) + user;
        peer.sendRaw(auth(second, peer.uri, credentials));
        MsrpResponse answer = next(peer, wait);
        if (answer.status() != 200) {
            throw new AuthRefused(answer.status());
        }
        return answer.headers().usePath().get(0);
    }

    /** The relay refused the credentials. */
    static final class AuthRefused extends Exception {
        final int status;

        AuthRefused(int status) {
            super("AUTH refused with " + status);
            this.status = status;
        }
    }

    private byte[] auth(String transactionId, MsrpUri from, String credentials) {
        return ("MSRP " + transactionId + " AUTH\r\n"
                        + "To-Path: " + uri() + "\r\n"
                        + "From-Path: " + from + "\r\n"
                        + (credentials == null ? "" : "Authorization: " + credentials + "\r\n")
                        + "-------" + transactionId + "$\r\n")
                .getBytes(UTF_8);
    }

    private static MsrpResponse next(MsrpTestPeer peer, Duration wait) throws InterruptedException {
        MsrpResponse response = peer.responses.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (response == null) {
            throw new IllegalStateException("no answer to AUTH within " + wait);
        }
        return response;
    }

    private static String group(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no " + pattern + " in " + text);
        }
        return m.group(1);
    }

    private static String md5(String text) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(UTF_8)));
    }

    private boolean accepts() {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static Optional<Path> binary() {
        String path = System.getenv().getOrDefault("PATH", "");
        Stream<Path> onPath =
                Stream.of(path.split(":")).filter(s -> !s.isEmpty()).map(s -> Path.of(s, "kamailio"));
        return Stream.concat(onPath, BINARIES.stream())
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * Stops Kamailio and its worker processes and removes its directory; the log is kept as
     * {@code target/kamailio-msrp-relay.log} for a failed test to be read. Idempotent.
     */
    @Override
    public void close() throws InterruptedException, IOException {
        List<ProcessHandle> workers = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        workers.forEach(ProcessHandle::destroyForcibly);
        if (!Files.exists(dir)) {
            return;
        }
        Path target = Path.of("target");
        if (Files.isDirectory(target) && Files.exists(log)) {
            Files.copy(log, target.resolve("kamailio-msrp-relay.log"), StandardCopyOption.REPLACE_EXISTING);
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(dir);
    }
}
