package net.cpmpf.events;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventCodecTest {

    private final EventCodec codec = new EventCodec();

    @Test
    void inboundMessageRoundTripsWithLogicalTypeId() {
        var message = new InboundMessage(
                "c-1",
                new ReplyAddress(Topics.EDGE_COMMANDS, 3),
                Instant.parse("2026-11-23T10:15:30Z"),
                "sip:bob@example.com",
                "sip:bob@example.com;user=phone",
                "<sip:alice@example.com>;tag=1",
                "<sip:bob@example.com>",
                "call-1",
                List.of("<sip:alice@example.com>"),
                "text/plain",
                "hello\u0000\u00ff".getBytes(UTF_8),
                List.of(new SipHeader("Expires", "60")));

        byte[] wire = codec.encode(message);
        String json = new String(wire, UTF_8);

        assertThat(json).contains("\"type\":\"inbound-message\"").doesNotContain("net.cpmpf");
        var decoded = (InboundMessage) codec.decode(wire);
        assertThat(decoded).usingRecursiveComparison().isEqualTo(message);
        assertThat(decoded.header("expires")).contains("60");
    }

    @Test
    void largeMessageInviteKeepsItsModeAndAnEventWithoutModeIsPager() {
        var invite = new InboundMessage(
                "c-lm",
                new ReplyAddress(Topics.EDGE_COMMANDS, 0),
                Instant.parse("2026-11-23T10:15:30Z"),
                "sip:bob@example.com",
                "sip:bob@example.com",
                "<sip:alice@example.com>;tag=1",
                "<sip:bob@example.com>",
                "call-lm",
                List.of(),
                "application/sdp",
                "v=0\r\n".getBytes(UTF_8),
                List.of(new SipHeader("Accept-Contact", "*;+g.oma.sip-im.large-message")),
                null,
                InboundMessage.Mode.LARGE_MESSAGE);

        var decoded = (InboundMessage) codec.decode(codec.encode(invite));
        String older = new String(codec.encode(invite), UTF_8).replace("\"mode\":\"LARGE_MESSAGE\"", "\"x\":1");
        var fromOlderProducer = (InboundMessage) codec.decode(older.getBytes(UTF_8));

        assertThat(decoded.mode()).isEqualTo(InboundMessage.Mode.LARGE_MESSAGE);
        assertThat(decoded.largeMessage()).isTrue();
        assertThat(fromOlderProducer.mode()).isEqualTo(InboundMessage.Mode.PAGER);
    }

    @Test
    void finalResponseRoundTrips() {
        var command = FinalResponseCommand.of("c-2", 480, "Temporarily Unavailable", new SipHeader("Retry-After", "5"));

        var decoded = codec.decode(codec.encode(command));

        assertThat(decoded).usingRecursiveComparison().isEqualTo(command);
    }

    @Test
    void registrationChangedRoundTrips() {
        var change = new RegistrationChanged(
                "c-3",
                "sip:bob@example.com",
                "reg-event:dialog-1",
                7,
                Instant.parse("2026-11-23T10:15:30Z"),
                List.of(new RegisteredContact(
                        "sip:bob@192.0.2.4:5070;transport=tcp",
                        "urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
                        "sip:bob@example.com;gr=urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
                        null,
                        List.of(
                                "+g.oma.sip-im",
                                "+g.3gpp.icsi-ref=\"urn%3Aurn-7%3A3gpp-service.ims.icsi.oma.cpm.msg\""),
                        Instant.parse("2026-11-23T11:15:30Z"))));

        String json = new String(codec.encode(change), UTF_8);

        assertThat(json).contains("\"type\":\"registration-changed\"");
        assertThat(codec.decode(json.getBytes(UTF_8))).isEqualTo(change);
    }

    @Test
    void pagerFlowEventsRoundTripWithTheirLogicalNames() {
        var message = message();
        var deferred = MessageDeferred.of(
                message,
                "sip:alice@example.com",
                Instant.parse("2026-11-30T10:15:30Z"),
                MessageDeferred.Reason.NO_CLIENT);
        var target = new ForkTarget("sip:bob@example.com;gr=urn:uuid:1", "urn:uuid:1");
        List<CpmEvent> events = List.of(
                new RoutedMessage(
                        message,
                        "sip:alice@example.com",
                        RoutedMessage.Handling.DELIVER,
                        true,
                        Instant.parse("2026-11-30T10:15:30Z")),
                deferred,
                new ForkCommand(
                        "c-1",
                        List.of(target),
                        new MessageDeferred.Terms(deferred.expiresAt(), deferred.reason()),
                        "sip:alice@example.com",
                        true),
                new DeliveryOutcome(message, 200, target, false, null, false));

        for (CpmEvent event : events) {
            String json = new String(codec.encode(event), UTF_8);

            assertThat(json).doesNotContain("net.cpmpf");
            assertThat(codec.decode(json.getBytes(UTF_8)))
                    .usingRecursiveComparison()
                    .isEqualTo(event);
        }
        assertThat(new String(codec.encode(deferred), UTF_8))
                .contains("\"type\":\"message-deferred\"", "\"messageUriId\":\"c-1\"", "\"reason\":\"NO_CLIENT\"");
    }

    @Test
    void largeMessageDeferralEventsRoundTripWithTheContentByteExact() {
        var deferred = MessageDeferred.of(
                message(),
                "sip:alice@example.com",
                Instant.parse("2026-11-30T10:15:30Z"),
                MessageDeferred.Reason.PREFERENCE);
        byte[] content = new byte[70_000];
        new java.util.Random(3).nextBytes(content);
        var stored = deferred.withContent(new StoredContent("message/cpim", content.length, "Deferred", "c-1"));
        List<CpmEvent> events = List.of(
                new DeferLargeMessageCommand(
                        "c-1",
                        "sip:alice@example.com",
                        new MessageDeferred.Terms(deferred.expiresAt(), deferred.reason())),
                new LargeMessageDeferred(deferred, "msrp-1", "message/cpim", content),
                stored,
                new LargeMessageRedelivery(
                        new SendLargeMessageCommand(
                                "redelivery:c-1:urn:uuid:1",
                                "redelivery",
                                "sip:bob@example.com",
                                "sip:bob@example.com;gr=urn:uuid:1",
                                "<sip:alice@example.com>",
                                "<sip:bob@example.com>",
                                List.of(new SipHeader("Conversation-ID", "x")),
                                "message/cpim",
                                null),
                        stored.content(),
                        new ReplyAddress(Topics.EDGE_COMMANDS, 2)),
                new SendLargeMessageCommand(
                                "redelivery:c-1:urn:uuid:1",
                                "redelivery",
                                "sip:bob@example.com",
                                "sip:bob@example.com;gr=urn:uuid:1",
                                "<sip:alice@example.com>",
                                "<sip:bob@example.com>",
                                List.of(),
                                "message/cpim",
                                null)
                        .withContent(content));

        for (CpmEvent event : events) {
            byte[] wire = codec.encode(event);
            assertThat(codec.decode(wire)).usingRecursiveComparison().isEqualTo(event);
        }
        assertThat(((LargeMessageDeferred) codec.decode(codec.encode(events.get(1)))).content())
                .isEqualTo(content);
        assertThat(new String(codec.encode(events.get(0)), UTF_8)).contains("\"type\":\"defer-large-message\"");
        assertThat(stored.size()).isEqualTo(content.length);
        assertThat(stored.contentType()).isEqualTo("message/cpim");
        assertThat(deferred.content()).isNull();
        assertThat(deferred.size()).isEqualTo(message().body().length);
    }

    @Test
    void aForkWithoutTargetsIsRefused() {
        assertThatThrownBy(() -> new ForkCommand("c", List.of(), null, null, false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static InboundMessage message() {
        return new InboundMessage(
                "c-1",
                new ReplyAddress(Topics.EDGE_COMMANDS, 0),
                Instant.parse("2026-11-23T10:15:30Z"),
                "sip:bob@example.com",
                "sip:bob@example.com",
                "<sip:alice@example.com>;tag=1",
                "<sip:bob@example.com>",
                "call-1",
                List.of(),
                "text/plain",
                "hi".getBytes(UTF_8),
                List.of());
    }

    @Test
    void unknownPropertiesAreIgnoredForRollingUpgrades() {
        String json = "{\"type\":\"final-response\",\"correlationId\":\"c\",\"status\":200,\"reason\":\"OK\","
                + "\"addedInAFutureVersion\":true}";

        assertThat(codec.decode(json.getBytes(UTF_8))).isInstanceOf(FinalResponseCommand.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "not json",
                "{}",
                "{\"type\":\"java.lang.Runtime\"}",
                "{\"type\":\"final-response\",\"correlationId\":\"c\",\"status\":99}",
                "{\"type\":\"inbound-message\",\"correlationId\":\"c\"}",
                "[1,2]"
            })
    void malformedPayloadsAreRefusedWithOneExceptionType(String json) {
        assertThatThrownBy(() -> codec.decode(json.getBytes(UTF_8)))
                .isInstanceOf(EventCodec.MalformedEventException.class);
    }
}
