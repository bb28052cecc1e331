package net.cpmpf.delivery.store;

/**
 * The IMAP server is up but refused this message or its folder (a {@code NO} or {@code BAD} to {@code CREATE} or
 * {@code APPEND}: quota exceeded, name not allowed, …). Unlike {@link MessageStoreUnavailableException}, retrying the
 * same message is unlikely to help, and it does not count against the circuit breaker: one user's full mailbox must
 * not cut off everyone else's.
 */
public class MessageStoreRejectedException extends RuntimeException {

    public MessageStoreRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
