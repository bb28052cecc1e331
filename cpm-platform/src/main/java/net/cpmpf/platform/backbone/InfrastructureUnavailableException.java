package net.cpmpf.platform.backbone;

/**
 * A store or peer a consumer needs is down (Redis, IMAP, …). Unlike a bad record, waiting helps: the backbone's
 * error handler retries such a record with a growing pause, without limit, instead of dead-lettering it. The
 * partition waits meanwhile, which keeps each user's events in order.
 */
public class InfrastructureUnavailableException extends RuntimeException {

    public InfrastructureUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
