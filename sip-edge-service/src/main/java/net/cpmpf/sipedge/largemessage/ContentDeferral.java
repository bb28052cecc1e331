package net.cpmpf.sipedge.largemessage;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.cpmpf.events.LargeMessageDeferred;
import net.cpmpf.events.MessageDeferred;
import net.cpmpf.events.Topics;
import net.cpmpf.sipedge.backbone.Publisher;
import net.cpmpf.sipedge.msrp.EndpointSession;

/**
 * Hands the content of a deferred large message to the backbone: one {@link LargeMessageDeferred} on {@link
 * Topics#LARGE_MESSAGE_CONTENTS}, keyed by recipient, written with {@code acks=all}. Once the broker has acknowledged
 * it, the message is durable in the sense of DESIGN.md's first invariant (an acknowledged Kafka write a consumer will
 * turn into storage): the delivery service stores it and publishes the deferral, idempotently, even if it is down now.
 * That is when the originator gets the last chunk's 200 and its REPORT; waiting for the delivery service's IMAP
 * append as well would add a round trip and make the answer depend on the store being up, for no more safety.
 */
final class ContentDeferral {

    private final Publisher publisher;
    private final Duration timeout;

    ContentDeferral(Publisher publisher, Duration timeout) {
        this.publisher = publisher;
        this.timeout = timeout;
    }

    /**
     * Completes once the content is on the backbone; always off the caller's (MSRP) thread: a record of megabytes may
     * wait for room in the producer's buffer.
     */
    CompletableFuture<Void> publish(MessageDeferred deferral, EndpointSession.Message message) {
        var event = new LargeMessageDeferred(deferral, message.messageId(), message.contentType(), message.content());
        return publisher
                .sendOffThread(Topics.LARGE_MESSAGE_CONTENTS, deferral.recipient(), event)
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
