package net.cpmpf.events;

import java.util.Objects;

/**
 * The content of a deferred large message, received by the PF as the MSRP endpoint (CR 8.3.2.1.1), published by the
 * edge to {@link Topics#LARGE_MESSAGE_CONTENTS} keyed by recipient with {@code acks=all}. Once it is on the backbone
 * the message is the delivery service's to keep: it stores the content in the user's message store and then publishes
 * {@link #deferral()} with the stored content's reference to {@link Topics#DEFERRALS}.
 *
 * <p>The whole content travels in one record: the topic's {@code max.message.bytes} and the edge's {@code
 * max.request.size} are sized for the largest content the edge accepts (JSON carries the bytes in base64, a third
 * more).
 *
 * @param deferral the deferral the edge was told to carry out; its {@link MessageDeferred#content()} is still empty
 * @param messageId the MSRP Message-ID the originator gave the message
 * @param contentType the Content-Type of the SEND chunks
 * @param content the message, byte-exact; {@code equals} of this record compares it by reference
 */
public record LargeMessageDeferred(MessageDeferred deferral, String messageId, String contentType, byte[] content)
        implements CpmEvent {

    public LargeMessageDeferred {
        Objects.requireNonNull(deferral, "deferral");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(content, "content");
    }

    @Override
    public String correlationId() {
        return deferral.correlationId();
    }

    public String recipient() {
        return deferral.recipient();
    }
}
