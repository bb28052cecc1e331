package net.cpmpf.sipedge.sip;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.stack.DatagramQueuedMessageDispatch;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The bounded queue in front of the UDP parsing threads: what it drops, and that it never blocks the reader. */
class ReceiveQueueTest {

    private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 5070);

    @Test
    void beyondItsCountADatagramIsDroppedOnArrival() throws Exception {
        var queue = new ReceiveQueue(2, 1 << 20, 500);

        assertThat(queue.offer(datagram(100, now()))).isTrue();
        assertThat(queue.offer(datagram(100, now()))).isTrue();
        assertThat(queue.offer(datagram(100, now()))).isFalse();

        assertThat(queue.droppedFull()).isEqualTo(1);
        assertThat(queue.take()).isNotNull();
        assertThat(queue.offer(datagram(100, now()))).isTrue(); // room again
    }

    @Test
    void beyondItsBytesADatagramIsDroppedOnArrivalAndTakingFreesThem() throws Exception {
        var queue = new ReceiveQueue(1000, 70_000, 500);

        assertThat(queue.offer(datagram(60_000, now()))).isTrue();
        assertThat(queue.offer(datagram(20_000, now()))).isFalse();
        assertThat(queue.bytes()).isEqualTo(60_000);

        queue.take();
        assertThat(queue.bytes()).isZero();
        assertThat(queue.offer(datagram(20_000, now()))).isTrue();
        assertThat(queue.droppedFull()).isEqualTo(1);
    }

    @Test
    void aDatagramThatWaitedTooLongIsSkippedAndTheNextFreshOneTaken() throws Exception {
        var queue = new ReceiveQueue(100, 1 << 20, 500);
        queue.offer(datagram(10, now() - 2_000));
        queue.offer(datagram(10, now() - 600));
        var fresh = datagram(10, now() - 100);
        queue.offer(fresh);

        assertThat(queue.take()).isSameAs(fresh);
        assertThat(queue.droppedStale()).isEqualTo(2);
        assertThat(queue.bytes()).isZero();
    }

    @Test
    void pollReturnsNothingWhenOnlyStaleOnesWaited() throws Exception {
        var queue = new ReceiveQueue(100, 1 << 20, 500);
        queue.offer(datagram(10, now() - 2_000));

        assertThat(queue.poll(50, TimeUnit.MILLISECONDS)).isNull();
        assertThat(queue.droppedStale()).isEqualTo(1);
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    private static DatagramQueuedMessageDispatch datagram(int length, long receivedAt) {
        return new DatagramQueuedMessageDispatch(new DatagramPacket(new byte[length], length, PEER), receivedAt);
    }
}
