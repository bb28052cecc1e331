package net.cpmpf.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import net.cpmpf.events.CpmEvent;
import net.cpmpf.events.EventCodec;
import net.cpmpf.events.MessageDeferred;
import net.cpmpf.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Pager Mode end to end (CR 8.3.2.1) on the local stack, one test per branch of the procedure, each with SIPp as
 * the originator and, where the PF sends requests on, SIPp as the clients or the IWF. Each test uses its own user,
 * provisioned through the policy service's API.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PagerModeIT {

    private static final String SIP = "127.0.0.1:5060";
    private static final Path LOG = Path.of("target/pager-mode-it.log");
    private static final EventCodec CODEC = new EventCodec();

    @RegisterExtension
    static final LocalStackProcess.PerClass STACK = new LocalStackProcess.PerClass(LOG);

    @BeforeEach
    void needsSipp() {
        assumeTrue(Sipp.installed(), "sipp is not installed");
    }

    @Test
    void anExpiredMessageIsDiscardedWith408() throws Exception {
        var result = Sipp.run("message-expired.xml", "u1", SIP, 1);

        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void deferPreferenceGets202AfterTheMessageIsOnTheDeferralTopic() throws Exception {
        LabDevices.preferences("dora", "{\"handling\":\"defer\"}");

        var result = Sipp.run("message-202.xml", "u1", SIP, 2, "-key", "user", "dora");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(deferralsFor("sip:dora@example.com", 2))
                .allSatisfy(d -> assertThat(d.reason()).isEqualTo(MessageDeferred.Reason.PREFERENCE))
                .allSatisfy(
                        d -> assertThat(new String(d.message().body(), UTF_8)).startsWith("Hello dora"));
    }

    @Test
    void storePreferenceAppendsToTheUsersMessageStoreThenAnswers200() throws Exception {
        LabDevices.preferences("sid", "{\"handling\":\"store\"}");

        var result = Sipp.run("message-200.xml", "u1", SIP, 1, "-key", "user", "sid");

        assertThat(result.exitCode()).as(result.output()).isZero();
        var stored = imapMessages("sid@example.com", "INBOX", false);
        assertThat(stored).singleElement().satisfies(message -> {
            assertThat(message.getHeader("Message-Context")).containsExactly("pager-message");
            assertThat(message.getHeader("Message-Direction")).containsExactly("received");
            assertThat(message.isMimeType("message/cpim"))
                    .as(message.getContentType())
                    .isTrue();
            assertThat(raw(message)).contains("Hello sid, from SIPp call");
        });
    }

    @Test
    void interworkPreferenceSendsTheMessageToTheIwfAndRelaysItsAnswer() throws Exception {
        LabDevices.preferences("ivan", "{\"handling\":\"interwork\"}");
        Process iwf = Sipp.start("iwf-uas.xml", "u1", null, 1, "-p", "5080");

        var result = Sipp.run("message-200.xml", "u1", SIP, 1, "-key", "user", "ivan");

        assertThat(result.exitCode()).as(result.output()).isZero();
        var received = Sipp.finish(iwf);
        assertThat(received.exitCode()).as(received.output()).isZero();
    }

    @Test
    void twoDevicesBothAnswering200GiveExactlyOne200UpstreamAndAHistoryEntry() throws Exception {
        LabDevices.preferences("fern", "{\"handling\":\"deliver\",\"history\":true}");
        try (var devices = LabDevices.of("fern", "device-200.xml", "device-200.xml")) {
            var result = Sipp.run("message-200.xml", "u1", SIP, 1, "-key", "user", "fern");

            assertThat(result.exitCode()).as(result.output()).isZero();
            devices.assertEachReceivedTheMessage();
        }
        var history = imapMessages("fern@example.com", "History", true);
        assertThat(history).singleElement().satisfies(message -> assertThat(raw(message))
                .contains("Hello fern, from SIPp call"));
    }

    /**
     * A device registered over TCP takes every copy, on the connection the edge opened to it: with the RI's own NIO
     * handler some were written to a second connection no channel read from (see {@code OutboundConnections}).
     */
    @Test
    void aDeviceRegisteredOverTcpTakesEveryMessage() throws Exception {
        try (var devices = LabDevices.of("tom", "tcp", 3, "device-200.xml")) {
            var result = Sipp.run("message-200.xml", "u1", SIP, 3, "-key", "user", "tom");

            assertThat(result.exitCode()).as(result.output()).isZero();
            devices.assertEachReceivedTheMessage();
        }
    }

    @Test
    void oneDeviceBusyAndOneTakingItGives200() throws Exception {
        try (var devices = LabDevices.of("gus", "device-486.xml", "device-200.xml")) {
            var result = Sipp.run("message-200.xml", "u1", SIP, 1, "-key", "user", "gus");

            assertThat(result.exitCode()).as(result.output()).isZero();
            devices.assertEachReceivedTheMessage();
        }
    }

    @Test
    void bothDevicesBusyMeansDeferralAnd202() throws Exception {
        try (var devices = LabDevices.of("hank", "device-486.xml", "device-486.xml")) {
            var result = Sipp.run("message-202.xml", "u1", SIP, 1, "-key", "user", "hank");

            assertThat(result.exitCode()).as(result.output()).isZero();
            devices.assertEachReceivedTheMessage();
        }
        assertThat(deferralsFor("sip:hank@example.com", 1)).singleElement().satisfies(d -> assertThat(d.reason())
                .isEqualTo(MessageDeferred.Reason.ALL_FORKS_FAILED));
    }

    /**
     * After the traffic above: every series the shipped Grafana dashboard queries is exposed by the running services
     * (the list is {@code helm/cpm/dashboards/metrics.txt}, which the chart's tests hold the dashboard to).
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void everyMetricTheDashboardQueriesIsExposed() throws Exception {
        Set<String> exposed = new HashSet<>();
        for (int port = 8080; port <= 8084; port++) {
            var response =
                    LocalStackProcess.http("GET", "http://127.0.0.1:" + port + "/actuator/prometheus", null, null);
            assertThat(response.statusCode()).isEqualTo(200);
            response.body()
                    .lines()
                    .filter(line -> !line.startsWith("#") && !line.isBlank())
                    .map(line -> line.split("[{ ]", 2)[0])
                    .forEach(exposed::add);
        }
        List<String> queried = Files.readAllLines(Path.of("../helm/cpm/dashboards/metrics.txt")).stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();

        assertThat(queried).isNotEmpty();
        assertThat(exposed).containsAll(queried);
    }

    /** The deferral events for a recipient on the backbone, once at least {@code atLeast} are there. */
    private static List<MessageDeferred> deferralsFor(String recipient, int atLeast) {
        try (var consumer = new KafkaConsumer<String, byte[]>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            var partitions = consumer.partitionsFor(Topics.DEFERRALS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<MessageDeferred> found = new ArrayList<>();
            Awaitility.await("deferrals for " + recipient)
                    .atMost(Duration.ofSeconds(15))
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                            CpmEvent event = CODEC.decode(record.value());
                            if (event instanceof MessageDeferred deferred
                                    && deferred.recipient().equals(recipient)) {
                                found.add(deferred);
                            }
                        });
                        return found.size() >= atLeast;
                    });
            return found;
        }
    }

    /**
     * The messages in an IMAP folder of the local GreenMail, or with {@code below} in every folder under it. The
     * store stays open: the messages are read lazily.
     */
    private static List<Message> imapMessages(String login, String folderName, boolean below) throws Exception {
        var store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", 3143, login, "cpm");
        List<Message> messages = new ArrayList<>();
        Awaitility.await(login + " " + folderName)
                .atMost(Duration.ofSeconds(10))
                .until(() -> {
                    messages.clear();
                    Folder named = store.getFolder(folderName);
                    for (Folder folder : below ? named.list("*") : new Folder[] {named}) {
                        if (!folder.exists()) {
                            continue;
                        }
                        folder.open(Folder.READ_ONLY);
                        messages.addAll(List.of(folder.getMessages()));
                    }
                    return !messages.isEmpty();
                });
        return messages;
    }

    private static String raw(Message message) throws Exception {
        var out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toString(UTF_8);
    }
}
