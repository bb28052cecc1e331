package net.cpmpf.sipedge.sip;

import gov.nist.javax.sip.stack.DatagramQueuedMessageDispatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The queue between the UDP reader and the parsing workers, bounded where the RI's is not. The RI queues every
 * datagram it reads without limit, so a flood faster than the workers parse grows the heap until the JVM fails. Here
 * a datagram is dropped on arrival when the queue holds {@code maxDatagrams} or {@code maxBytes} already, and on its
 * way out when it has waited longer than {@code maxDelayMillis}: by then its sender has retransmitted it (RFC 3261
 * 17.1.2.2, T1), so parsing the old copy would only spend the CPU the queue lacks. Dropping is the UDP way to refuse
 * (the sender retransmits, more slowly each time); it happens only beyond what the edge can parse, since below that
 * the admission limit answers 503 to what the backbone cannot take.
 */
final class ReceiveQueue extends LinkedBlockingQueue<DatagramQueuedMessageDispatch> {

    private final long maxBytes;
    private final long maxDelayMillis;
    private final AtomicLong bytes = new AtomicLong();
    private final LongAdder full = new LongAdder();
    private final LongAdder stale = new LongAdder();

    ReceiveQueue(int maxDatagrams, long maxBytes, long maxDelayMillis) {
        super(maxDatagrams);
        this.maxBytes = maxBytes;
        this.maxDelayMillis = maxDelayMillis;
    }

    /** Queues a datagram, or drops it (false) when the queue is full by count or by bytes. */
    @Override
    public boolean offer(DatagramQueuedMessageDispatch datagram) {
        int length = datagram.packet.getLength();
        if (bytes.addAndGet(length) > maxBytes || !super.offer(datagram)) {
            bytes.addAndGet(-length);
            full.increment();
            return false;
        }
        return true;
    }

    /** The next datagram that has not waited too long; older ones are dropped on the way. */
    @Override
    public DatagramQueuedMessageDispatch take() throws InterruptedException {
        while (true) {
            DatagramQueuedMessageDispatch datagram = super.take();
            if (fresh(datagram)) {
                return datagram;
            }
        }
    }

    @Override
    public DatagramQueuedMessageDispatch poll(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (true) {
            DatagramQueuedMessageDispatch datagram = super.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (datagram == null || fresh(datagram)) {
                return datagram;
            }
        }
    }

    private boolean fresh(DatagramQueuedMessageDispatch datagram) {
        bytes.addAndGet(-datagram.packet.getLength());
        if (System.currentTimeMillis() - datagram.getReceptionTime() <= maxDelayMillis) {
            return true;
        }
        stale.increment();
        return false;
    }

    /** Datagrams dropped on arrival because the queue was full. */
    long droppedFull() {
        return full.sum();
    }

    /** Datagrams dropped because they waited longer than the limit. */
    long droppedStale() {
        return stale.sum();
    }

    /** Bytes of the datagrams waiting now. */
    long bytes() {
        return bytes.get();
    }
}
