package net.cpmpf.platform.redis;

import net.cpmpf.platform.backbone.InfrastructureUnavailableException;

/** Redis did not answer within the command timeout, or could not be reached at all. */
public class RedisUnavailableException extends InfrastructureUnavailableException {

    public RedisUnavailableException(String address, Throwable cause) {
        super("redis at " + address + " unavailable: " + cause, cause);
    }
}
