package net.cpmpf.defer.store;

/**
 * The store's Lua scripts: each check-and-write is one script, so that replicas, rebalances and replays cannot
 * interleave between the check and the write. Times are epoch milliseconds (Lua doubles hold them exactly).
 */
final class DeferScripts {

    private DeferScripts() {}

    /**
     * KEYS: message, pending, expiry, done. ARGV: id, event, recipient, receivedAt, expiresAt. Returns 0 stored now, 1
     * already stored and not yet notified, 2 already stored and notified, 3 removed before (tombstone).
     */
    static final String STORE = """
            if redis.call('EXISTS', KEYS[4]) == 1 then
              return 3
            end
            local notified = redis.call('HGET', KEYS[1], 'notified')
            if notified then
              return notified == '1' and 2 or 1
            end
            redis.call('HSET', KEYS[1], 'event', ARGV[2], 'recipient', ARGV[3],
              'receivedAt', ARGV[4], 'expiresAt', ARGV[5], 'notified', '0')
            redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
            redis.call('ZADD', KEYS[3], ARGV[5], ARGV[1])
            return 0
            """;

    /** KEYS: message. Does not bring back a message removed meanwhile. */
    static final String MARK_NOTIFIED = """
            if redis.call('EXISTS', KEYS[1]) == 1 then
              redis.call('HSET', KEYS[1], 'notified', '1')
            end
            return 0
            """;

    /**
     * KEYS: message, delivered, inflight. ARGV: instance, now, inflight ms, attempt. Returns the event when the message
     * is pending, unexpired, not yet with the device and not on its way to it, after marking it in flight for this
     * attempt; else nil. The attempt that holds the mark may claim again: a retry of the same registration change
     * must not be locked out by its own mark (a claim whose reply was lost, a failure after it).
     */
    static final String CLAIM = """
            local expires = redis.call('HGET', KEYS[1], 'expiresAt')
            if not expires or tonumber(expires) <= tonumber(ARGV[2]) then
              return false
            end
            if redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 1 then
              return false
            end
            local holder = redis.call('GET', KEYS[3])
            if holder and holder ~= ARGV[4] then
              return false
            end
            redis.call('SET', KEYS[3], ARGV[4], 'PX', ARGV[3])
            return redis.call('HGET', KEYS[1], 'event')
            """;

    /** Removes a message; KEYS[1..4] message, delivered, pending, expiry, KEYS[5] done; ARGV[1] id. */
    private static final String REMOVE = """
            local function remove(now, retention)
              local expires = tonumber(redis.call('HGET', KEYS[1], 'expiresAt')) or now
              redis.call('DEL', KEYS[1], KEYS[2])
              redis.call('ZREM', KEYS[3], ARGV[1])
              redis.call('ZREM', KEYS[4], ARGV[1])
              redis.call('SET', KEYS[5], '1', 'PX', string.format('%d', math.max(expires - now, 0) + retention))
            end
            """;

    /**
     * KEYS: message, delivered, pending, expiry, done, inflight, devices. ARGV: id, instance, now, tombstone ms. Returns
     * 0 when the message is gone, 1 when recorded, 2 when every known device has it now and it was removed.
     */
    static final String DELIVERED = REMOVE + """
            redis.call('DEL', KEYS[6])
            if redis.call('EXISTS', KEYS[1]) == 0 then
              return 0
            end
            redis.call('SADD', KEYS[2], ARGV[2])
            for _, device in ipairs(redis.call('ZRANGE', KEYS[7], 0, -1)) do
              if redis.call('SISMEMBER', KEYS[2], device) == 0 then
                return 1
              end
            end
            remove(tonumber(ARGV[3]), tonumber(ARGV[4]))
            return 2
            """;

    /**
     * KEYS: message, expiry. ARGV: id, now, lease until. Takes an expired message for reporting by moving its score to
     * the end of the lease; returns the event, or nil when it is not (or no longer) due.
     */
    static final String CLAIM_EXPIRED = """
            local score = redis.call('ZSCORE', KEYS[2], ARGV[1])
            if not score or tonumber(score) > tonumber(ARGV[2]) then
              return false
            end
            local event = redis.call('HGET', KEYS[1], 'event')
            if not event then
              redis.call('ZREM', KEYS[2], ARGV[1])
              return false
            end
            redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
            return event
            """;

    /** KEYS: message, delivered, pending, expiry, done. ARGV: id, now, tombstone ms. */
    static final String REMOVE_EXPIRED = REMOVE + """
            if redis.call('EXISTS', KEYS[1]) == 1 then
              remove(tonumber(ARGV[2]), tonumber(ARGV[3]))
            end
            return 0
            """;
}
