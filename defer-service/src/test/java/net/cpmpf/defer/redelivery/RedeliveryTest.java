package net.cpmpf.defer.redelivery;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import net.cpmpf.events.ForkTarget;
import net.cpmpf.events.InboundMessage;
import net.cpmpf.events.MessageDeferred;
import net.cpmpf.events.ReplyAddress;
import net.cpmpf.events.SipHeader;
import net.cpmpf.events.StoredContent;
import net.cpmpf.events.Topics;
import org.junit.jupiter.api.Test;

class RedeliveryTest {

    @Test
    void correlationIdsNameTheMessageAndTheDeviceAndParseBack() {
        String id = Redelivery.correlationId("6f1c-uuid", "urn:uuid:phone:1");

        assertThat(id).isEqualTo("redelivery:6f1c-uuid:urn:uuid:phone:1");
        assertThat(Redelivery.parse(id)).containsExactly("6f1c-uuid", "urn:uuid:phone:1");
        assertThat(Redelivery.parse("notification:x:y")).isNull();
        assertThat(Redelivery.parse("redelivery:no-device")).isNull();
        assertThat(Redelivery.parse("redelivery::urn:uuid:a")).isNull();
    }

    @Test
    void theCommandCarriesTheOriginalMessageToTheDevicesGruu() {
        var message = new InboundMessage(
                "m1",
                new ReplyAddress(Topics.EDGE_COMMANDS, 0),
                Instant.parse("2026-01-01T00:00:00Z"),
                "sip:bob@example.com",
                "sip:bob@example.com",
                "\"Alice\" <sip:alice@example.com>;tag=f1",
                "<sip:bob@example.com>;tag=t1",
                "call-1",
                List.of("<sip:alice@example.com>"),
                "text/plain",
                "hello".getBytes(UTF_8),
                List.of(
                        new SipHeader("P-Asserted-Identity", "<sip:alice@example.com>"),
                        new SipHeader("Call-ID", "call-1")));
        var deferred = new MessageDeferred(
                "m1", message, "sip:alice@example.com", Instant.now(), MessageDeferred.Reason.NO_CLIENT);
        var device = new ForkTarget("sip:bob@example.com;gr=urn:uuid:phone", "urn:uuid:phone");

        var command = Redelivery.command("sip:bob@example.com", device, deferred);

        assertThat(command.correlationId()).isEqualTo("redelivery:m1:urn:uuid:phone");
        assertThat(command.purpose()).isEqualTo("redelivery");
        assertThat(command.key()).isEqualTo("sip:bob@example.com");
        assertThat(command.method()).isEqualTo("MESSAGE");
        assertThat(command.requestUri()).isEqualTo("sip:bob@example.com;gr=urn:uuid:phone");
        assertThat(command.from()).isEqualTo("\"Alice\" <sip:alice@example.com>");
        assertThat(command.to()).isEqualTo("<sip:bob@example.com>");
        assertThat(command.headers()).containsExactly(new SipHeader("P-Asserted-Identity", "<sip:alice@example.com>"));
        assertThat(command.contentType()).isEqualTo("text/plain");
        assertThat(command.body()).isEqualTo("hello".getBytes(UTF_8));
    }

    @Test
    void aLargeMessageGoesToTheDeliveryServiceWithItsStoredContentAndTheSameCorrelationId() {
        var invite = new InboundMessage(
                "m2",
                new ReplyAddress(Topics.EDGE_COMMANDS, 0),
                Instant.parse("2026-01-01T00:00:00Z"),
                "sip:bob@example.com",
                "sip:bob@example.com",
                "<sip:alice@example.com>;tag=f1",
                "<sip:bob@example.com>",
                "call-2",
                List.of("<sip:alice@example.com>"),
                "application/sdp",
                "v=0".getBytes(UTF_8),
                List.of(new SipHeader("Conversation-ID", "c9")),
                null,
                InboundMessage.Mode.LARGE_MESSAGE);
        var stored = new StoredContent("message/cpim", 5_000_000, "Deferred", "<m2@deferred.cpm-pf.invalid>");
        var deferred = new MessageDeferred(
                        "m2", invite, "sip:alice@example.com", Instant.now(), MessageDeferred.Reason.ALL_FORKS_FAILED)
                .withContent(stored);
        var device = new ForkTarget("sip:bob@example.com;gr=urn:uuid:phone", "urn:uuid:phone");
        var edge = new ReplyAddress(Topics.EDGE_COMMANDS, 3);

        var request = Redelivery.largeMessage("sip:bob@example.com", device, deferred, edge);

        assertThat(request.correlationId()).isEqualTo("redelivery:m2:urn:uuid:phone");
        assertThat(request.stored()).isEqualTo(stored);
        assertThat(request.edge()).isEqualTo(edge);
        var command = request.command();
        assertThat(command.purpose()).isEqualTo("redelivery");
        assertThat(command.key()).isEqualTo("sip:bob@example.com");
        assertThat(command.requestUri()).isEqualTo(device.requestUri());
        assertThat(command.from()).isEqualTo("<sip:alice@example.com>");
        assertThat(command.contentType()).as("the content's, not the SDP's").isEqualTo("message/cpim");
        assertThat(command.headers()).contains(new SipHeader("Conversation-ID", "c9"));
        assertThat(command.content()).isEmpty();
    }
}
