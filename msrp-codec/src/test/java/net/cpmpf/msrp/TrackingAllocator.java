package net.cpmpf.msrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * An unpooled allocator that remembers every buffer it made, so a test can prove each was released (refCnt 0) and
 * bound how much memory is live at a time: deterministic, where the leak detector depends on the garbage collector.
 * Its buffers are also handed to the leak detector, which Netty 4.2 skips for unpooled heap buffers.
 */
final class TrackingAllocator extends AbstractByteBufAllocator {

    private final List<ByteBuf> allocated = new ArrayList<>();

    TrackingAllocator() {
        super(false);
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        ByteBuf buf = new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
        allocated.add(buf);
        return toLeakAwareBuffer(buf);
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        return newHeapBuffer(initialCapacity, maxCapacity);
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }

    /** Capacity of the buffers not yet released. */
    long liveBytes() {
        return allocated.stream()
                .filter(b -> b.refCnt() > 0)
                .mapToLong(ByteBuf::capacity)
                .sum();
    }

    void assertAllReleased() {
        assertThat(allocated).as("buffers still referenced").allSatisfy(b -> assertThat(b.refCnt())
                .isZero());
    }
}
