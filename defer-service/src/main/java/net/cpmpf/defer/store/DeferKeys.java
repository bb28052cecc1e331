package net.cpmpf.defer.store;

import net.cpmpf.defer.system.DeferProperties;

/**
 * The Redis key layout, all under {@code <key-prefix>defer:}. Users are in {@link net.cpmpf.events.CpmAddress} normal
 * form.
 *
 * <ul>
 *   <li>{@code message:<id>}: hash {@code event} (the {@code MessageDeferred} JSON), {@code recipient}, {@code
 *       receivedAt} and {@code expiresAt} (epoch ms), {@code notified} (0/1)
 *   <li>{@code message:<id>:delivered}: set of the device instance ids that have the message
 *   <li>{@code message:<id>:inflight:<instance>}: present while the message is on its way to that device
 *   <li>{@code message:<id>:done}: tombstone of a removed message, so that a replayed deferral is not stored again
 *   <li>{@code user:<user>:pending}: sorted set of the user's message ids by receivedAt
 *   <li>{@code user:<user>:devices}: sorted set of the user's capable device instance ids by last seen
 *   <li>{@code user:<user>:registration}: hash {@code source}, {@code version}, {@code event} (the latest {@code
 *       RegistrationChanged} JSON: contacts and edge)
 *   <li>{@code expiry}: sorted set of all message ids by expiresAt
 * </ul>
 *
 * Scripts touch keys of one message and one user together, so the layout suits a single Redis (or Sentinel), not
 * Redis Cluster.
 */
public final class DeferKeys {

    private final String prefix;

    public DeferKeys(DeferProperties properties) {
        this.prefix = properties.redis().keyPrefix() + "defer:";
    }

    public String message(String id) {
        return prefix + "message:" + id;
    }

    public String delivered(String id) {
        return message(id) + ":delivered";
    }

    public String inflight(String id, String instance) {
        return message(id) + ":inflight:" + instance;
    }

    public String done(String id) {
        return message(id) + ":done";
    }

    public String pending(String user) {
        return prefix + "user:" + user + ":pending";
    }

    public String devices(String user) {
        return prefix + "user:" + user + ":devices";
    }

    public String registration(String user) {
        return prefix + "user:" + user + ":registration";
    }

    public String expiry() {
        return prefix + "expiry";
    }
}
