package net.cpmpf.delivery.routing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import net.cpmpf.delivery.registration.RegistrationCache;
import net.cpmpf.delivery.system.DeliveryProperties;
import net.cpmpf.events.CpmEvent;
import net.cpmpf.events.DeferLargeMessageCommand;
import net.cpmpf.events.ForkCommand;
import net.cpmpf.events.ForkTarget;
import net.cpmpf.events.InboundMessage;
import net.cpmpf.events.MessageDeferred;
import net.cpmpf.events.RegisteredContact;
import net.cpmpf.events.ReplyAddress;
import net.cpmpf.events.RoutedMessage;
import net.cpmpf.events.Topics;
import net.cpmpf.platform.redis.RedisSettings;
import net.cpmpf.platform.selection.SelectionSettings;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.kafka.core.KafkaOperations;
import reactor.core.publisher.Mono;

/** CR 8.3.2.1.1 step 6 in the delivery service: large messages go to the clients that take them, and only those. */
class LargeMessageRoutingTest {

    private static final Instant LATER = Instant.parse("2099-01-01T00:00:00Z");

    private final RegistrationCache cache = mock(RegistrationCache.class);

    @SuppressWarnings("unchecked")
    private final KafkaOperations<String, Object> kafka = mock(KafkaOperations.class);

    private final RoutedMessageListener listener = new RoutedMessageListener(
            cache, mock(MessageStoring.class), kafka, properties(), new SimpleMeterRegistry());

    @Test
    void forksTheInviteToLargeMessageClientsWithTheDeferralForWhenAllFail() {
        when(cache.activeContacts("sip:bob@example.com"))
                .thenReturn(Mono.just(List.of(
                        contact("1", "+g.oma.sip-im"),
                        contact("2", "+g.oma.sip-im", "+g.oma.sip-im.large-message"),
                        contact("3", "+g.3gpp.icsi-ref=\"urn%3Aurn-7%3A3gpp-service.ims.icsi.oma.cpm.largemsg\""))));
        when(kafka.send(anyString(), anyInt(), anyString(), any())).thenReturn(CompletableFuture.completedFuture(null));

        listener.onRoutedMessages(batch(routed(InboundMessage.Mode.LARGE_MESSAGE)));

        var sent = ArgumentCaptor.forClass(Object.class);
        verify(kafka).send(eq(Topics.EDGE_COMMANDS), eq(4), eq("sip:bob@example.com"), sent.capture());
        var fork = (ForkCommand) sent.getValue();
        assertThat(fork.targets())
                .extracting(ForkTarget::requestUri)
                .containsExactly("sip:bob@example.com;gr=urn:uuid:2", "sip:bob@example.com;gr=urn:uuid:3");
        assertThat(fork.deferral().reason()).isEqualTo(MessageDeferred.Reason.ALL_FORKS_FAILED);
        assertThat(fork.deferral().expiresAt()).isEqualTo(LATER);
    }

    @Test
    void noLargeMessageClientMakesTheEdgeTheEndpointForDeferral() {
        when(cache.activeContacts("sip:bob@example.com")).thenReturn(Mono.just(List.of(contact("1", "+g.oma.sip-im"))));
        when(kafka.send(anyString(), anyInt(), anyString(), any())).thenReturn(CompletableFuture.completedFuture(null));

        listener.onRoutedMessages(batch(routed(InboundMessage.Mode.LARGE_MESSAGE)));

        var sent = ArgumentCaptor.forClass(Object.class);
        verify(kafka).send(eq(Topics.EDGE_COMMANDS), eq(4), eq("sip:bob@example.com"), sent.capture());
        var defer = (DeferLargeMessageCommand) sent.getValue();
        assertThat(defer.deferral().reason()).isEqualTo(MessageDeferred.Reason.NO_CLIENT);
        assertThat(defer.deferral().expiresAt()).isEqualTo(LATER);
        // The content does not exist yet: the edge publishes it, then the deferral follows.
        verify(kafka, never()).send(eq(Topics.DEFERRALS), anyString(), any());
    }

    @Test
    void aPagerMessageStillGoesToPagerClients() {
        when(cache.activeContacts("sip:bob@example.com")).thenReturn(Mono.just(List.of(contact("1", "+g.oma.sip-im"))));
        when(kafka.send(anyString(), anyInt(), anyString(), any())).thenReturn(CompletableFuture.completedFuture(null));

        listener.onRoutedMessages(batch(routed(InboundMessage.Mode.PAGER)));

        var sent = ArgumentCaptor.forClass(Object.class);
        verify(kafka).send(eq(Topics.EDGE_COMMANDS), eq(4), eq("sip:bob@example.com"), sent.capture());
        assertThat(((ForkCommand) sent.getValue()).deferral()).isNotNull();
    }

    private static List<ConsumerRecord<String, CpmEvent>> batch(RoutedMessage routed) {
        return List.of(new ConsumerRecord<>(
                Topics.ROUTED_MESSAGES, 0, 0L, routed.message().recipient(), routed));
    }

    private static RegisteredContact contact(String id, String... tags) {
        return new RegisteredContact(
                "sip:bob@192.0.2." + id,
                "urn:uuid:" + id,
                "sip:bob@example.com;gr=urn:uuid:" + id,
                null,
                List.of(tags),
                LATER);
    }

    private static RoutedMessage routed(InboundMessage.Mode mode) {
        var message = new InboundMessage(
                "c-" + mode,
                new ReplyAddress(Topics.EDGE_COMMANDS, 4),
                Instant.now(),
                "sip:bob@example.com",
                "sip:bob@example.com",
                "<sip:alice@example.com>;tag=1",
                "<sip:bob@example.com>",
                "call",
                List.of(),
                mode == InboundMessage.Mode.PAGER ? "text/plain" : "application/sdp",
                "x".getBytes(UTF_8),
                List.of(),
                null,
                mode);
        return new RoutedMessage(message, "sip:alice@example.com", RoutedMessage.Handling.DELIVER, false, LATER);
    }

    private static DeliveryProperties properties() {
        var timeout = Duration.ofSeconds(1);
        return new DeliveryProperties(
                new RedisSettings(URI.create("redis://127.0.0.1:1"), timeout, timeout, "t:"),
                new DeliveryProperties.Registrations(16, Duration.ofSeconds(30)),
                new SelectionSettings(List.of("+g.oma.sip-im"), true),
                new DeliveryProperties.Interworking("sip:iwf@127.0.0.1:5080"),
                Duration.ofSeconds(30),
                new DeliveryProperties.LargeMessage(List.of(
                        "+g.oma.sip-im.large-message",
                        "+g.3gpp.icsi-ref=urn%3Aurn-7%3A3gpp-service.ims.icsi.oma.cpm.largemsg")));
    }
}
