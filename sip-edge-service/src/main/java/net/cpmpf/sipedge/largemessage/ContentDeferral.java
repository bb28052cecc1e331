package net.cpmpf.sipedge.largemessage;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import net.cpmpf.events.LargeMessageDeferred;
import net.cpmpf.events.MessageDeferred;
import net.cpmpf.events.Topics;
import net.cpmpf.sipedge.msrp.EndpointSession;
import org.springframework.kafka.core.KafkaOperations;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Hands the content of a deferred large message to the backbone: one {@link LargeMessageDeferred} on {@link
 * Topics#LARGE_MESSAGE_CONTENTS}, keyed by recipient, written with {@code acks=all}. Once the broker has acknowledged
 * it, the message is durable in the sense of DESIGN.md's first invariant (an acknowledged Kafka write a consumer will
 * turn into storage): the delivery service stores it and publishes the deferral, idempotently, even if it is down now.
 * That is when the originator gets the last chunk's 200 and its REPORT; waiting for the delivery service's IMAP
 * append as well would add a round trip and make the answer depend on the store being up, for no more safety.
 */
final class ContentDeferral {

    private final KafkaOperations<String, Object> kafka;
    private final Duration timeout;

    ContentDeferral(KafkaOperations<String, Object> kafka, Duration timeout) {
        this.kafka = kafka;
        this.timeout = timeout;
    }

    /** Completes once the content is on the backbone; off the caller's thread (a send can block without a broker). */
    CompletableFuture<Void> publish(MessageDeferred deferral, EndpointSession.Message message) {
        var event = new LargeMessageDeferred(deferral, message.messageId(), message.contentType(), message.content());
        return Mono.defer(() -> Mono.fromFuture(kafka.send(Topics.LARGE_MESSAGE_CONTENTS, deferral.recipient(), event)))
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(timeout)
                .then()
                .toFuture();
    }
}
