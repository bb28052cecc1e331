package net.cpmpf.sipedge.msrp;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Netty's leak detector, with its reports kept for tests to assert on. Installed by the Failsafe configuration
 * ({@code io.netty.customResourceLeakDetector}) with level paranoid, so every buffer is tracked.
 */
public final class LeakReports<T> extends ResourceLeakDetector<T> {

    private static final ConcurrentLinkedQueue<String> LEAKS = new ConcurrentLinkedQueue<>();

    public LeakReports(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
    }

    /** Netty looks for this older signature first and logs an error when it is missing. */
    public LeakReports(Class<?> resourceType, int samplingInterval, long maxActive) {
        this(resourceType, samplingInterval);
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        LEAKS.add(resourceType + records);
        super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        LEAKS.add(resourceType);
        super.reportUntracedLeak(resourceType);
    }

    /** Leaks found so far, after giving the collector a chance to find the unreachable ones; cleared. */
    public static List<String> collect() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            // The detector looks at its queue when it tracks a new buffer.
            PooledByteBufAllocator.DEFAULT.buffer(1).release();
        }
        List<String> leaks = new ArrayList<>();
        for (String leak = LEAKS.poll(); leak != null; leak = LEAKS.poll()) {
            leaks.add(leak);
        }
        return leaks;
    }

    /** Whether this detector is the one Netty uses, at the paranoid level: otherwise no leak would be seen. */
    public static boolean active() {
        return ResourceLeakDetector.getLevel() == ResourceLeakDetector.Level.PARANOID
                && ResourceLeakDetectorFactory.instance().newResourceLeakDetector(Object.class) instanceof LeakReports;
    }
}
