package net.cpmpf.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Deferral and the Deferred Message Notification (CR 8.3.2.3, 8.3.2.4.x) on the local stack: who is told, and that
 * each device gets a deferred message once when it registers. SIPp plays the originator, the clients and the IWF.
 */
class DeferralIT {

    private static final String SIP = "127.0.0.1:5060";
    private static final Path LOG = Path.of("target/deferral-it.log");

    @RegisterExtension
    static final LocalStackProcess.PerClass STACK =
            new LocalStackProcess.PerClass(LOG, "--cpm.defer.sweep-interval=500ms");

    @BeforeEach
    void needsSipp() {
        assumeTrue(Sipp.installed(), "sipp is not installed");
    }

    @Test
    void deferPreferenceGets202AndTheRegisteredClientASystemMessage() throws Exception {
        LabDevices.preferences("jill", "{\"handling\":\"defer\"}");
        try (var devices = LabDevices.of("jill", "system-message-uas.xml")) {
            var result = Sipp.run("message-202.xml", "u1", SIP, 1, "-key", "user", "jill");

            assertThat(result.exitCode()).as(result.output()).isZero();
            devices.assertEachReceivedTheMessage();
            assertValidDeferredList(devices.device(0), "system-message-uas");
        }
    }

    /**
     * Kate's two devices are known (they were registered) but both are offline when the message comes: the IWF is
     * told; when they come back each gets the message once, and a re-registration brings no second copy.
     */
    @Test
    void withoutAClientTheIwfIsToldThenEachDeviceGetsTheMessageOnce() throws Exception {
        try (var devices = LabDevices.of("kate", "device-once.xml", "device-once.xml")) {
            devices.deregister(0);
            devices.deregister(1);
            devices.awaitRegistered(0);
            Process iwf = Sipp.start("system-message-uas.xml", "u1", null, 1, "-p", "5080", "-trace_msg");

            var result = Sipp.run("message-202.xml", "u1", SIP, 1, "-key", "user", "kate");

            assertThat(result.exitCode()).as(result.output()).isZero();
            var notified = Sipp.finish(iwf);
            assertThat(notified.exitCode()).as(notified.output()).isZero();
            assertValidDeferredList(iwf, "system-message-uas");
            assertThat(deferred("kate")).contains("messageUriId");

            devices.reregister(0);
            devices.reregister(1);
            Awaitility.await("both devices have it, so the message is gone")
                    .atMost(Duration.ofSeconds(15))
                    .until(() -> !deferred("kate").contains("messageUriId"));
            devices.reregister(0);

            devices.assertEachReceivedTheMessage();
        }
    }

    @Test
    void anExpiredDeferredMessageIsRemovedAndTheSenderTold() throws Exception {
        Process iwf = Sipp.start("system-message-uas.xml", "u1", null, 1, "-p", "5080");
        try (var sender = LabDevices.of("alice", "system-message-uas.xml")) {
            var result = Sipp.run("message-202-expiring.xml", "u1", SIP, 1, "-key", "user", "lou");
            assertThat(result.exitCode()).as(result.output()).isZero();

            sender.assertEachReceivedTheMessage();
            assertThat(Files.readString(trace(sender.device(0), "system-message-uas")))
                    .contains("expired");
            assertThat(deferred("lou")).doesNotContain("messageUriId");
        }
        Sipp.finish(iwf);
    }

    private static String deferred(String user) throws Exception {
        var response = LocalStackProcess.http(
                "GET", "http://127.0.0.1:8083/api/v1/users/sip%3A" + user + "%40example.com/deferred", null, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private static Path trace(Process sipp, String scenario) {
        return Path.of("target/sipp", scenario + "_" + sipp.pid() + "_messages.log");
    }

    /** The body of the MESSAGE SIPp received, from its trace, against the schema the notification service ships. */
    private static void assertValidDeferredList(Process sipp, String scenario) throws Exception {
        String trace = Files.readString(trace(sipp, scenario));
        int start = trace.indexOf("<?xml");
        int end = trace.indexOf("</deferred-list>", start);
        assertThat(start).as(trace).isNotNegative();
        assertThat(end).as(trace).isGreaterThan(start);
        assertValidDeferredList(trace.substring(start, end + "</deferred-list>".length()));
    }

    /** A deferred-list document against the schema the notification service ships. */
    static void assertValidDeferredList(String document) throws Exception {
        var factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        var schema = factory.newSchema(DeferralIT.class.getResource("/schema/deferred-list.xsd"));
        schema.newValidator().validate(new StreamSource(new ByteArrayInputStream(document.getBytes(UTF_8))));
    }
}
