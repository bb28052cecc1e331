package net.cpmpf.msrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The leak checks the other tests rely on do catch a leak. */
class LeakDetectionTest {

    @Test
    void paranoidDetectorReportsAnUnreleasedBuffer() {
        assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
        leakOneBuffer();

        List<String> leaks = new ArrayList<>();
        for (int i = 0; i < 20 && leaks.isEmpty(); i++) {
            leaks.addAll(Codec.leaksReported());
        }

        assertThat(leaks).isNotEmpty();
    }

    @Test
    void trackingAllocatorSeesAnUnreleasedBuffer() {
        TrackingAllocator alloc = new TrackingAllocator();
        ByteBuf kept = alloc.buffer(16);

        assertThat(alloc.liveBytes()).isEqualTo(16);
        kept.release();
        alloc.assertAllReleased();
    }

    private static void leakOneBuffer() {
        new TrackingAllocator().buffer(32).writeInt(42);
    }
}
