package net.cpmpf.sipedge.pager;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import net.cpmpf.events.DeliveryOutcome;
import net.cpmpf.events.ForkCommand;
import net.cpmpf.events.ForkTarget;
import net.cpmpf.events.InboundMessage;
import net.cpmpf.events.MessageDeferred;
import net.cpmpf.events.ReplyAddress;
import net.cpmpf.events.SipHeader;
import net.cpmpf.events.Topics;
import net.cpmpf.platform.backbone.EventSerializer;
import net.cpmpf.sipedge.backbone.Publisher;
import net.cpmpf.sipedge.sip.FakeRequest;
import net.cpmpf.sipedge.sip.OutboundRequest;
import net.cpmpf.sipedge.sip.SipClient;
import net.cpmpf.sipedge.sip.SipReply;
import net.cpmpf.sipedge.sip.SipResponse;
import net.cpmpf.sipedge.system.EdgeProperties;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;

/**
 * The fork's behaviour towards the originator, with the clients' answers given by the test and Kafka's own
 * MockProducer behind a real template: what is relayed, what is absorbed, and when 202 may go out.
 */
class ForkerTest {

    private static final ForkTarget PHONE = new ForkTarget("sip:bob@example.com;gr=urn:uuid:1", "urn:uuid:1");
    private static final ForkTarget TABLET = new ForkTarget("sip:bob@example.com;gr=urn:uuid:2", "urn:uuid:2");

    private final ScriptedClient sip = new ScriptedClient();
    private final FakeRequest request = new FakeRequest(
            "MESSAGE",
            List.of(
                    new SipHeader("From", "<sip:alice@example.com>;tag=a1"),
                    new SipHeader("To", "<sip:bob@example.com>"),
                    new SipHeader("Call-ID", "call-1"),
                    new SipHeader("Conversation-ID", "conv-1"),
                    new SipHeader("Content-Type", "text/plain")),
            "hello".getBytes(UTF_8),
            new InetSocketAddress("127.0.0.1", 5070));
    private final InboundMessage message = new InboundMessage(
            "c-1",
            new ReplyAddress(Topics.EDGE_COMMANDS, 0),
            Instant.now(),
            "sip:bob@example.com",
            "sip:bob@example.com",
            "<sip:alice@example.com>;tag=a1",
            "<sip:bob@example.com>",
            "call-1",
            List.of(),
            "text/plain",
            "hello".getBytes(UTF_8),
            request.endToEndHeaders());
    private final MessageDeferred.Terms deferral =
            new MessageDeferred.Terms(Instant.now(), MessageDeferred.Reason.ALL_FORKS_FAILED);

    @Test
    void eachTargetGetsACopyAndOnlyTheFirst2xxIsRelayed() {
        var kafka = producer(true);
        forker(kafka).fork(request, message, new ForkCommand("c-1", List.of(PHONE, TABLET), deferral, null, true));

        assertThat(sip.sent).hasSize(2);
        assertThat(sip.sent)
                .extracting(OutboundRequest::requestUri)
                .containsExactly(PHONE.requestUri(), TABLET.requestUri());
        var copy = sip.sent.get(0);
        assertThat(copy.from()).isEqualTo("<sip:alice@example.com>");
        assertThat(copy.fromTag()).isEqualTo("a1");
        assertThat(copy.to()).isEqualTo("<sip:bob@example.com>");
        assertThat(copy.headers()).containsExactly(new SipHeader("Conversation-ID", "conv-1"));
        assertThat(new String(copy.body(), UTF_8)).isEqualTo("hello");
        assertThat(sip.sent.get(1).callId()).isNotEqualTo(copy.callId());

        sip.answer(1, 200);
        sip.answer(0, 200);

        assertThat(request.replies).extracting(SipReply::status).containsExactly(200);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !kafka.history()
                .isEmpty());
        var outcome = (DeliveryOutcome) kafka.history().get(0).value();
        assertThat(outcome.deliveredTo()).isEqualTo(TABLET);
        assertThat(kafka.history()).noneMatch(r -> r.topic().equals(Topics.DEFERRALS));
    }

    @Test
    void forkingTheSameMessageAgainSendsTheSameRequestsSoDevicesTakeThemForRetransmissions() {
        var anonymous = new InboundMessage(
                "c-1",
                message.replyTo(),
                message.receivedAt(),
                message.recipient(),
                message.requestUri(),
                "<sip:alice@example.com>",
                message.to(),
                message.callId(),
                List.of(),
                message.contentType(),
                message.body(),
                message.headers());
        // A restarted edge forking the originator's retransmission: another Forker, the same message.
        forker(producer(true)).fork(request, anonymous, command(null, PHONE, TABLET));
        forker(producer(true)).fork(request, anonymous, command(null, TABLET, PHONE));

        var first = sip.sent.subList(0, 2);
        var again = sip.sent.subList(2, 4);
        assertThat(again.get(1)).usingRecursiveComparison().isEqualTo(first.get(0));
        assertThat(again.get(0)).usingRecursiveComparison().isEqualTo(first.get(1));
        assertThat(first.get(0).branch())
                .startsWith("z9hG4bK")
                .isNotEqualTo(first.get(1).branch());
        assertThat(first.get(0).callId()).isNotEqualTo(first.get(1).callId());
        assertThat(first.get(0).fromTag()).isNotBlank().isEqualTo(first.get(1).fromTag());
    }

    @Test
    void whenEveryBranchFailsTheDeferralIsPublishedBeforeThe202() {
        var kafka = producer(true);
        forker(kafka).fork(request, message, command(deferral, PHONE, TABLET));

        sip.answer(0, 486);
        assertThat(request.replies).isEmpty();
        sip.fail(1, new java.util.concurrent.TimeoutException());

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !request.replies.isEmpty());
        assertThat(request.replies).extracting(SipReply::status).containsExactly(202);
        assertThat(kafka.history().get(0).topic()).isEqualTo(Topics.DEFERRALS);
        // The edge defers the message it holds, on the command's terms: the command does not carry it back.
        var deferred = (MessageDeferred) kafka.history().get(0).value();
        assertThat(deferred.message()).isSameAs(message);
        assertThat(deferred.messageUriId()).isEqualTo(message.correlationId());
        assertThat(deferred.sender()).isEqualTo("sip:alice@example.com");
        assertThat(deferred.expiresAt()).isEqualTo(deferral.expiresAt());
        assertThat(deferred.reason()).isEqualTo(MessageDeferred.Reason.ALL_FORKS_FAILED);
    }

    @Test
    void aDeferralTheBackboneDoesNotTakeGets503NotA202() {
        var kafka = producer(false);
        forker(kafka).fork(request, message, command(deferral, PHONE));

        sip.answer(0, 486);
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> kafka.history().size() == 1);
        kafka.errorNext(new org.apache.kafka.common.errors.TimeoutException("broker away"));

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !request.replies.isEmpty());
        assertThat(request.replies).extracting(SipReply::status).containsExactly(503);
    }

    @Test
    void withoutHistoryNoOutcomeIsPublished() {
        var kafka = producer(true);
        forker(kafka).fork(request, message, command(deferral, PHONE));

        sip.answer(0, 200);

        assertThat(request.replies).extracting(SipReply::status).containsExactly(200);
        // Publishing is asynchronous: "nothing" must hold for a while, longer than a publish takes (see above).
        Awaitility.await()
                .during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(2))
                .until(() -> kafka.history().isEmpty());
    }

    @Test
    void withoutADeferralTheBestFailureIsRelayed() {
        forker(producer(true)).fork(request, message, command(null, PHONE, TABLET));

        sip.answer(0, 503);
        sip.answer(1, 486);

        assertThat(request.replies).extracting(SipReply::status).containsExactly(486);
    }

    private Forker forker(MockProducer<String, Object> kafka) {
        var properties = new Binder(new MapConfigurationPropertySource(Map.of("cpm.edge.fork.timeout", "5s")))
                .bindOrCreate("cpm.edge", EdgeProperties.class);
        return new Forker(
                sip,
                new Publisher(new KafkaTemplate<>(new MockProducerFactory<>(() -> kafka)), Runnable::run),
                properties,
                new SimpleMeterRegistry());
    }

    private static ForkCommand command(MessageDeferred.Terms deferral, ForkTarget... targets) {
        return new ForkCommand("c-1", List.of(targets), deferral, "sip:alice@example.com", false);
    }

    /** Kept open: the template closes its producer after each send, and this one must remember them all. */
    private static MockProducer<String, Object> producer(boolean autoComplete) {
        return new MockProducer<>(autoComplete, null, new StringSerializer(), new EventSerializer()) {
            @Override
            public void close(Duration timeout) {}
        };
    }

    /** A SIP client whose transactions end when the test says. */
    private static final class ScriptedClient implements SipClient {

        final List<OutboundRequest> sent = new ArrayList<>();
        private final List<CompletableFuture<SipResponse>> answers = new ArrayList<>();

        @Override
        public CompletableFuture<SipResponse> send(OutboundRequest request) {
            sent.add(request);
            var answer = new CompletableFuture<SipResponse>();
            answers.add(answer);
            return answer;
        }

        @Override
        public String contactUri() {
            return "sip:127.0.0.1:5060";
        }

        void answer(int branch, int status) {
            answers.get(branch).complete(new SipResponse(status, "Status " + status, List.of(), null));
        }

        void fail(int branch, Throwable error) {
            answers.get(branch).completeExceptionally(error);
        }
    }
}
