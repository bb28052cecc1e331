package net.cpmpf.msrp;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Netty's leak detector, with its reports also kept for tests to assert on. Installed by the Surefire configuration
 * ({@code io.netty.customResourceLeakDetector}), because the buffer classes create their detector when first loaded.
 * The edge's MSRP tests use it too (this module's test-jar).
 */
public final class RecordingLeakDetector<T> extends ResourceLeakDetector<T> {

    private static final ConcurrentLinkedQueue<String> LEAKS = new ConcurrentLinkedQueue<>();

    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
    }

    /** Netty looks for this older signature first and logs an error when it is missing. */
    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
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
        return drain();
    }

    /** Whether this detector is the one Netty uses, at the paranoid level: otherwise no leak would be seen. */
    public static boolean active() {
        return ResourceLeakDetector.getLevel() == ResourceLeakDetector.Level.PARANOID
                && ResourceLeakDetectorFactory.instance().newResourceLeakDetector(Object.class)
                        instanceof RecordingLeakDetector;
    }

    /** Leaks reported so far, cleared. */
    public static List<String> drain() {
        List<String> leaks = new ArrayList<>();
        for (String leak = LEAKS.poll(); leak != null; leak = LEAKS.poll()) {
            leaks.add(leak);
        }
        return leaks;
    }
}
