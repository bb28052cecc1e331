package net.cpmpf.delivery.store;

import net.cpmpf.platform.backbone.InfrastructureUnavailableException;

/**
 * The IMAP message store could not be used: not reachable, login refused, too slow, or its circuit breaker is open.
 * Waiting may help; the message was not stored.
 */
public class MessageStoreUnavailableException extends InfrastructureUnavailableException {

    public MessageStoreUnavailableException(String address, Throwable cause) {
        super("message store at " + address + " unavailable: " + cause, cause);
    }
}
