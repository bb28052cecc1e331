package net.cpmpf.delivery.system;

/** Redis did not answer within the command timeout, or could not be reached at all. */
public class RedisUnavailableException extends RuntimeException {

    public RedisUnavailableException(String address, Throwable cause) {
        super("redis at " + address + " unavailable: " + cause, cause);
    }
}
