package net.cpmpf.sipedge.sip;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A token bucket per source address, so that one flooding peer cannot take the capacity of all others; what it
 * refuses gets 503 with Retry-After before any transaction or backbone work is spent on it. The core is exempt:
 * it legitimately carries everyone's traffic from a few addresses.
 */
public final class SourceRateLimiter {

    public static final SourceRateLimiter UNLIMITED = new SourceRateLimiter(0, 0, 0, source -> true);

    private final double perNano;
    private final double burst;
    private final int maxSources;
    private final Predicate<InetSocketAddress> exempt;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /**
     * @param perSecond requests per second one source may keep sending; 0 turns limiting off
     * @param burst requests a source may send at once after a quiet time
     * @param maxSources sources tracked at once; beyond it the quietest are forgotten (a forgotten source starts
     *     again with a full bucket)
     */
    public SourceRateLimiter(double perSecond, int burst, int maxSources, Predicate<InetSocketAddress> exempt) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.maxSources = maxSources;
        this.exempt = exempt;
    }

    /** Whether a request from {@code source} may go on at {@code nanos} (a {@link System#nanoTime()} value). */
    public boolean allow(InetSocketAddress source, long nanos) {
        if (perNano <= 0 || source == null || exempt.test(source)) {
            return true;
        }
        String key = source.getAddress() != null ? source.getAddress().getHostAddress() : source.getHostString();
        if (buckets.size() >= maxSources && !buckets.containsKey(key)) {
            forgetQuiet(nanos);
        }
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(burst, nanos));
        synchronized (bucket) {
            bucket.tokens = Math.min(burst, bucket.tokens + (nanos - bucket.at) * perNano);
            bucket.at = nanos;
            if (bucket.tokens < 1) {
                return false;
            }
            bucket.tokens -= 1;
            return true;
        }
    }

    /** Drops the sources whose bucket has refilled: forgetting them changes nothing for them. */
    private void forgetQuiet(long nanos) {
        buckets.entrySet().removeIf(e -> (nanos - e.getValue().at) * perNano >= burst);
    }

    int trackedSources() {
        return buckets.size();
    }

    private static final class Bucket {
        private double tokens;
        private long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }
}
