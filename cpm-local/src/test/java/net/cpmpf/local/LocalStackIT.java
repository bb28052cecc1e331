package net.cpmpf.local;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Starts the local stack the way the README does ({@code java -jar cpm-local/target/cpm-local.jar}, default ports,
 * with a warm-up, only shorter) and drives it only through its real interfaces: SIP over UDP and TCP with SIPp, and
 * HTTP.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackIT {

    private static final String SIP = "127.0.0.1:5060";
    /** Where the S-CSCF played by SIPp sends its third-party REGISTER from; the stack trusts only this address. */
    private static final int SCSCF_REGISTER_PORT = 5091;

    private static final int SCSCF_NOTIFIER_PORT = 5092;
    private static final Path LOG = Path.of("target/local-stack-it.log");
    private static LocalStackProcess localStack;
    private static Process stack;

    @BeforeAll
    static void startTheStackAsTheReadmeDoes() throws IOException {
        localStack = LocalStackProcess.start(
                LOG, List.of("-Dcpm.local.warm-up=3s"), "--cpm.edge.core.trusted=127.0.0.1:" + SCSCF_REGISTER_PORT);
        stack = localStack.process();
    }

    @AfterAll
    static void stopWithSigterm() throws Exception {
        if (localStack != null) {
            localStack.stop();
        }
    }

    /**
     * Before the banner, the warm-up sent Pager Mode MESSAGEs through every service to its devices, which answered;
     * then it unregistered them, so nothing of it stays reachable.
     */
    @Test
    @Order(0)
    void theWarmUpRanThroughTheWholeStackAndLeftNoDevice() throws Exception {
        String log = Files.readString(LOG);
        var warmUp = Pattern.compile(
                        "Warm-up: (\\d+) MESSAGEs in \\d+ s through the whole stack \\((\\d+) answered 200")
                .matcher(log);
        assertThat(warmUp.find()).as("the warm-up's line in " + LOG).isTrue();
        assertThat(Long.parseLong(warmUp.group(2))).isPositive();
        assertThat(log.indexOf("Warm-up:")).isLessThan(log.indexOf("CPM PF local stack ready"));

        var http = HttpClient.newHttpClient();
        var registrations = HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:8082/api/v1/users/sip%3Awarm-up-1%40" + WarmUp.DOMAIN + "/registrations"))
                .build();
        Awaitility.await("the warm-up's device gone from the GRUU cache")
                .atMost(Duration.ofSeconds(10))
                .until(() -> !http.send(registrations, HttpResponse.BodyHandlers.ofString())
                        .body()
                        .contains("publicGruu"));
    }

    @ParameterizedTest
    @ValueSource(ints = {8080, 8081, 8082, 8083, 8084})
    @Order(1)
    void everyServiceIsLiveAndReady(int port) throws Exception {
        var http = HttpClient.newHttpClient();
        for (String path : new String[] {"/livez", "/readyz", "/actuator/prometheus"}) {
            var response = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(port + path).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"u1", "t1"})
    @Order(2)
    void optionsIsAnsweredWithCapabilities(String transport) throws Exception {
        assumeTrue(Sipp.installed(), "sipp is not installed");

        var result = Sipp.run("options.xml", transport, SIP, 3);

        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"u1", "t1"})
    @Order(3)
    void messageForAUserWithoutClientsIsDeferredAndAccepted(String transport) throws Exception {
        assumeTrue(Sipp.installed(), "sipp is not installed");

        var result = Sipp.run("message-202.xml", transport, SIP, 20, "-key", "user", "bob");

        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"u1", "t1"})
    @Order(3)
    void bodyTypeOutOfServicePolicyGets415WithAccept(String transport) throws Exception {
        assumeTrue(Sipp.installed(), "sipp is not installed");

        var result = Sipp.run("message-unsupported.xml", transport, SIP, 2);

        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    @Order(3)
    void senderRejectedByTheAccessPolicyGets403WithWarning() throws Exception {
        assumeTrue(Sipp.installed(), "sipp is not installed");
        String policy = """
                <?xml version="1.0" encoding="UTF-8"?>
                <cp:ruleset xmlns:cp="urn:ietf:params:xml:ns:common-policy" xmlns:ocp="urn:oma:xml:xdm:common-policy">
                  <cp:rule id="no-alice">
                    <cp:conditions><cp:identity><cp:one id="sip:alice@example.com"/></cp:identity></cp:conditions>
                    <cp:actions><ocp:allow-reject-invite>true</ocp:allow-reject-invite></cp:actions>
                  </cp:rule>
                </cp:ruleset>
                """;
        var put = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        "http://127.0.0.1:8081/api/v1/users/sip%3Aerin%40example.com/access-policy"))
                                .header("Content-Type", "application/auth-policy+xml")
                                .PUT(HttpRequest.BodyPublishers.ofString(policy))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(204);

        var result = Sipp.run("message-blocked.xml", "u1", SIP, 3);

        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    @Order(4)
    void labModeRegistrationReachesTheGruuCacheAndLeavesIt() throws Exception {
        assumeTrue(Sipp.installed(), "sipp is not installed");
        var registrations = URI.create("http://127.0.0.1:8082/api/v1/users/sip%3Acarol%40example.com/registrations");

        var registered = Sipp.run("register-lab.xml", "u1", SIP, 1);

        assertThat(registered.exitCode()).as(registered.output()).isZero();
        Awaitility.await("carol's contact in the GRUU cache")
                .atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(get(registrations))
                        .contains("\"publicGruu\":\"sip:carol@example.com;gr=urn:uuid:00000000-0000-1000-8000-")
                        .contains("+g.oma.sip-im"));

        var deregistered = Sipp.run("deregister-lab.xml", "u1", SIP, 1);

        assertThat(deregistered.exitCode()).as(deregistered.output()).isZero();
        Awaitility.await("carol gone from the GRUU cache")
                .atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(get(registrations)).contains("\"contacts\":[]"));
    }

    @Test
    @Order(5)
    void thirdPartyRegistrationSubscribesToTheRegEventAndFollowsItsNotifies() throws Exception {
        assumeTrue(Sipp.installed(), "sipp is not installed");
        var registrations = URI.create("http://127.0.0.1:8082/api/v1/users/sip%3Adave%40example.com/registrations");
        Process notifier =
                Sipp.start("scscf-reg-notifier.xml", "u1", null, 1, "-p", Integer.toString(SCSCF_NOTIFIER_PORT));

        var register = Sipp.run(
                "scscf-register.xml",
                "u1",
                SIP,
                1,
                "-p",
                Integer.toString(SCSCF_REGISTER_PORT),
                "-key",
                "scscf",
                "127.0.0.1:" + SCSCF_NOTIFIER_PORT);

        assertThat(register.exitCode()).as(register.output()).isZero();
        Awaitility.await("both of dave's contacts from the full NOTIFY")
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(get(registrations))
                        .contains("sip:dave@example.com;gr=urn:uuid:aaaaaaaa-0000-1000-8000-000000000001")
                        .contains("sip:dave@example.com;gr=urn:uuid:aaaaaaaa-0000-1000-8000-000000000002"));
        var notified = Sipp.finish(notifier);
        assertThat(notified.exitCode()).as(notified.output()).isZero();
        Awaitility.await("the partial NOTIFY removed the second contact")
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(get(registrations))
                        .contains("urn:uuid:aaaaaaaa-0000-1000-8000-000000000001")
                        .doesNotContain("urn:uuid:aaaaaaaa-0000-1000-8000-000000000002"));
    }

    private static String get(URI uri) throws Exception {
        var response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    @Test
    @Order(6)
    void garbageDoesNotStopTheStack() throws Exception {
        assumeTrue(Sipp.installed(), "sipp is not installed");
        byte[] noise = new byte[1200];
        new Random(4475).nextBytes(noise);
        byte[] brokenSip = "MESSAGE sip:bob@example.com SIP/2.0\r\nVia: nonsense\r\nCSeq: x\r\n\r\n".getBytes(US_ASCII);
        try (var socket = new DatagramSocket()) {
            var target = new InetSocketAddress("127.0.0.1", 5060);
            for (byte[] datagram : new byte[][] {noise, brokenSip, new byte[0], "\r\n\r\n".getBytes(US_ASCII)}) {
                socket.send(new DatagramPacket(datagram, datagram.length, target));
            }
        }

        var result = Sipp.run("options.xml", "u1", SIP, 1);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(stack.isAlive()).isTrue();
    }

    @Test
    @Order(7)
    void sigtermStopsEverythingCleanly() throws Exception {
        // Through the handle: Process.destroy() would also close our end of the child's output.
        stack.toHandle().destroy();

        assertThat(stack.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(LOG)).contains("CPM PF local stack stopped.");
        assertThatThrownBy(() -> {
                    try (var probe = new Socket()) {
                        probe.connect(new InetSocketAddress("127.0.0.1", 8080), 500);
                    }
                })
                .as("nothing listens on 8080 any more")
                .isInstanceOf(IOException.class);
    }
}
