package net.cpmpf.events;

import java.util.Objects;

/**
 * Where the content of a deferred large message is kept: the recipient's message store (IMAP), written by the
 * delivery service. The content itself never travels with the deferral's metadata.
 *
 * @param contentType the content type of the message as the originator sent it over MSRP (e.g. message/cpim)
 * @param size its size in bytes
 * @param folder the store folder that holds it
 * @param messageId the stored message's Message-ID: the deferral's Message-URI-ID, so one message is stored once
 */
public record StoredContent(String contentType, long size, String folder, String messageId) {

    public StoredContent {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(messageId, "messageId");
        if (size < 0) {
            throw new IllegalArgumentException("size: " + size);
        }
    }
}
