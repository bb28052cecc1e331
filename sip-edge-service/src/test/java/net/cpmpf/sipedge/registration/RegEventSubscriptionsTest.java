package net.cpmpf.sipedge.registration;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import net.cpmpf.events.RegistrationChanged;
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
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;

/**
 * The subscriber side of the reg event package against a scripted notifier: what is sent, what is published, what
 * each NOTIFY is answered. Kafka is Kafka's own MockProducer behind a real KafkaTemplate.
 */
class RegEventSubscriptionsTest {

    private static final String DAVE = "sip:dave@example.com";
    private static final String SCSCF = "sip:scscf@192.0.2.1:5060";

    private final List<OutboundRequest> sent = new CopyOnWriteArrayList<>();
    /** Kept open: the template closes its producer after each send, and this one must remember them all. */
    private final MockProducer<String, Object> kafka =
            new MockProducer<>(true, null, new StringSerializer(), new EventSerializer()) {
                @Override
                public void close(Duration timeout) {}
            };

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private volatile String grantedExpires = "600";
    private RegEventSubscriptions subscriptions;

    @BeforeEach
    void subscribe() {
        SipClient notifier = new SipClient() {
            @Override
            public CompletableFuture<SipResponse> send(OutboundRequest request) {
                sent.add(request);
                return CompletableFuture.completedFuture(new SipResponse(
                        200,
                        "OK",
                        List.of(
                                new SipHeader("To", "<" + DAVE + ">;tag=scscf-tag"),
                                new SipHeader("Contact", "<sip:scscf@192.0.2.1:5060>"),
                                new SipHeader("Expires", grantedExpires)),
                        null));
            }

            @Override
            public String contactUri() {
                return "sip:127.0.0.1:5060";
            }
        };
        var publisher = new RegistrationPublisher(
                new Publisher(new KafkaTemplate<>(new MockProducerFactory<>(() -> kafka)), Runnable::run),
                new ReplyAddress(Topics.EDGE_COMMANDS, 0));
        subscriptions = new RegEventSubscriptions(
                notifier,
                publisher,
                timer,
                "sip:cpm-pf@example.com",
                Duration.ofHours(1),
                Duration.ofSeconds(30),
                Clock.systemUTC());
        subscriptions.subscribe(DAVE, SCSCF);
    }

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    @Test
    void subscribeGoesThroughTheScscfForTheRegEvent() {
        var subscribe = sent.get(0);

        assertThat(subscribe.method()).isEqualTo("SUBSCRIBE");
        assertThat(subscribe.requestUri()).isEqualTo(DAVE);
        assertThat(subscribe.route()).containsExactly("<" + SCSCF + ";lr>");
        assertThat(subscribe.headers())
                .contains(
                        new SipHeader("Event", "reg"),
                        new SipHeader("Accept", "application/reginfo+xml"),
                        new SipHeader("Expires", "3600"));
        assertThat(subscriptions.subscribedUsers()).containsExactly(DAVE);
    }

    @Test
    void fullThenPartialNotifyPublishesEachNewState() {
        assertThat(notify(full(0, "c1", "c2")).replies)
                .extracting(SipReply::status)
                .containsExactly(200);
        assertThat(notify(partialTerminating(1, "c2")).replies)
                .extracting(SipReply::status)
                .containsExactly(200);

        var states = published();
        assertThat(states).hasSize(2);
        assertThat(states.get(0).contacts()).hasSize(2);
        assertThat(states.get(1).contacts()).singleElement().satisfies(c -> assertThat(c.publicGruu())
                .isEqualTo(DAVE + ";gr=urn:uuid:c1"));
        assertThat(states.get(1).version()).isEqualTo(1);
        assertThat(states.get(1).source()).startsWith("reg-event:");
    }

    @Test
    void malformedNotifyIsRefusedAndChangesNothing() {
        notify(full(0, "c1"));

        var refused = notify("<reginfo xmlns=\"urn:ietf:params:xml:ns:reginfo\" version=\"1\"".getBytes(UTF_8));
        var xxe = notify(("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                        + "<reginfo xmlns=\"urn:ietf:params:xml:ns:reginfo\" version=\"1\" state=\"full\">&x;</reginfo>")
                .getBytes(UTF_8));

        assertThat(refused.replies.get(0).status()).isEqualTo(400);
        assertThat(xxe.replies.get(0).status()).isEqualTo(400);
        assertThat(published()).hasSize(1);
    }

    @Test
    void staleNotifyIsAcknowledgedButIgnored() {
        notify(full(3, "c1"));

        var stale = notify(full(2, "c1", "c2"));

        assertThat(stale.replies).extracting(SipReply::status).containsExactly(200);
        assertThat(published()).hasSize(1);
    }

    @Test
    void versionGapTriggersARefreshForFullState() {
        notify(full(0, "c1"));

        notify(partialTerminating(5, "c1"));

        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).toTag()).isEqualTo("scscf-tag");
        assertThat(sent.get(1).requestUri()).isEqualTo("sip:scscf@192.0.2.1:5060");
        assertThat(sent.get(1).cseq()).isGreaterThan(sent.get(0).cseq());
        assertThat(published()).hasSize(1);
    }

    @Test
    void notifyOfAnUnknownDialogIs481() {
        var stranger = new FakeRequest(
                "NOTIFY",
                List.of(
                        new SipHeader("Call-ID", "nobody@x"),
                        new SipHeader("To", "<sip:cpm-pf@example.com>;tag=x"),
                        new SipHeader("Event", "reg")),
                full(0, "c1"),
                null);

        subscriptions.onNotify(stranger).thenAccept(stranger::reply).join();

        assertThat(stranger.replies.get(0).status()).isEqualTo(481);
    }

    @Test
    void terminatedSubscriptionUnregistersItsUsers() {
        notify(full(0, "c1"));

        var last = notify(new byte[0], "terminated;reason=deactivated");

        assertThat(last.replies).extracting(SipReply::status).containsExactly(200);
        assertThat(published()).last().satisfies(state -> assertThat(state.contacts())
                .isEmpty());
        assertThat(subscriptions.subscribedUsers()).isEmpty();
    }

    @Test
    void subscriptionIsRefreshedBeforeItExpires() {
        grantedExpires = "2";
        subscriptions.unsubscribe(DAVE);
        sent.clear();
        subscriptions.subscribe(DAVE, SCSCF);

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> sent.size() >= 2);

        assertThat(sent.get(1).callId()).isEqualTo(sent.get(0).callId());
        assertThat(sent.get(1).toTag()).isEqualTo("scscf-tag");
    }

    private FakeRequest notify(byte[] body) {
        return notify(body, "active;expires=600");
    }

    private FakeRequest notify(byte[] body, String state) {
        var subscribe = sent.get(0);
        var request = new FakeRequest(
                "NOTIFY",
                List.of(
                        new SipHeader("Call-ID", subscribe.callId()),
                        new SipHeader("From", "<" + DAVE + ">;tag=scscf-tag"),
                        new SipHeader("To", "<sip:cpm-pf@example.com>;tag=" + subscribe.fromTag()),
                        new SipHeader("Event", "reg"),
                        new SipHeader("Subscription-State", state)),
                body,
                null);
        subscriptions.onNotify(request).thenAccept(request::reply).join();
        return request;
    }

    private List<RegistrationChanged> published() {
        return kafka.history().stream()
                .map(ProducerRecord::value)
                .map(RegistrationChanged.class::cast)
                .toList();
    }

    private static byte[] full(int version, String... contacts) {
        var xml = new StringBuilder("<reginfo xmlns=\"urn:ietf:params:xml:ns:reginfo\""
                        + " xmlns:gr=\"urn:ietf:params:xml:ns:gruuinfo\" version=\"")
                .append(version)
                .append("\" state=\"full\"><registration aor=\"" + DAVE + "\" id=\"r\" state=\"active\">");
        for (String id : contacts) {
            xml.append("<contact id=\"")
                    .append(id)
                    .append("\" state=\"active\" event=\"registered\" expires=\"600\">")
                    .append("<uri>sip:dave@192.0.2.9;ob=")
                    .append(id)
                    .append("</uri>")
                    .append("<unknown-param name=\"+sip.instance\">\"&lt;urn:uuid:")
                    .append(id)
                    .append("&gt;\"")
                    .append("</unknown-param>")
                    .append("<gr:pub-gruu uri=\"" + DAVE + ";gr=urn:uuid:")
                    .append(id)
                    .append("\"/></contact>");
        }
        return xml.append("</registration></reginfo>").toString().getBytes(UTF_8);
    }

    private static byte[] partialTerminating(int version, String id) {
        return ("<reginfo xmlns=\"urn:ietf:params:xml:ns:reginfo\" version=\"" + version + "\" state=\"partial\">"
                        + "<registration aor=\"" + DAVE + "\" id=\"r\" state=\"active\">"
                        + "<contact id=\"" + id + "\" state=\"terminated\" event=\"unregistered\">"
                        + "<uri>sip:dave@192.0.2.9;ob=" + id + "</uri></contact></registration></reginfo>")
                .getBytes(UTF_8);
    }
}
