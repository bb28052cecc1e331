package net.cpmpf.sipedge.sip;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.stack.DatagramQueuedMessageDispatch;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.UDPMessageChannel;
import gov.nist.javax.sip.stack.UDPMessageProcessor;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.LinkedList;
import javax.sip.header.CSeqHeader;
import javax.sip.message.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RI's UDP transport with one receive buffer instead of one per datagram. The RI allocates a fresh buffer of the
 * largest datagram it accepts (64 KB) for every datagram it reads, because the buffer travels to a worker thread; a
 * MESSAGE is a few hundred bytes, and those buffers were a third of everything the local stack allocated under load,
 * so a third of its young collections (bench/RESULTS.md). Here each datagram is copied out at its own length
 * before the buffer is reused; the RI's workers parse it as before. Datagrams longer than the stack's maximum
 * message size are still cut at that size (and then refused by the parser), as the RI does.
 */
final class CompactUdpProcessor extends UDPMessageProcessor {

    private static final Logger log = LoggerFactory.getLogger(CompactUdpProcessor.class);

    /** The largest UDP payload over IPv4 or IPv6 (without jumbograms). */
    private static final int MAX_DATAGRAM = 65_535;

    private static final String MAGIC_COOKIE = "z9hG4bK";

    /** Stack properties: the bounds of the {@link ReceiveQueue} (datagrams, bytes, milliseconds of waiting). */
    static final String QUEUE_DATAGRAMS = "net.cpmpf.sip.UDP_QUEUE_DATAGRAMS";

    static final String QUEUE_BYTES = "net.cpmpf.sip.UDP_QUEUE_BYTES";
    static final String QUEUE_DELAY = "net.cpmpf.sip.UDP_QUEUE_MAX_DELAY";
    static final String SOCKET_BUFFER = "net.cpmpf.sip.UDP_SOCKET_BUFFER";

    private final int workers;
    private final byte[] buffer;
    private final ReceiveQueue queue;

    /**
     * @param workers parsing threads, at least one ({@code cpm.edge.sip.threads}, checked by the configuration)
     * @param queue where datagrams wait for them, instead of the RI's unbounded queue
     */
    CompactUdpProcessor(InetAddress address, SIPTransactionStack stack, int port, int workers, ReceiveQueue queue)
            throws IOException {
        super(address, stack, port);
        sendFromListeningSocket(stack);
        this.queue = queue;
        this.messageQueue = queue; // before any worker exists: they take from this field
        this.workers = workers;
        int max = stack.getMaxMessageSize();
        this.buffer = new byte[max > 0 && max < MAX_DATAGRAM ? max : MAX_DATAGRAM];
    }

    @Override
    public void run() {
        String stackName = ((SipStackImpl) sipStack).getStackName();
        var channels = new LinkedList<UDPMessageChannel>();
        for (int i = 0; i < workers; i++) {
            channels.add(new Worker(sipStack, this, stackName + "-UDPMessageChannelThread-" + i));
        }
        messageChannels = channels; // stop() closes them
        DatagramPacket received = new DatagramPacket(buffer, buffer.length);
        while (isRunning) {
            try {
                received.setData(buffer);
                sock.receive(received);
                byte[] datagram = Arrays.copyOf(buffer, received.getLength());
                var packet = new DatagramPacket(datagram, datagram.length, received.getSocketAddress());
                queue.offer(new DatagramQueuedMessageDispatch(packet, System.currentTimeMillis())); // false: dropped
            } catch (IOException e) {
                if (!isRunning) {
                    return; // stop() closed the socket
                }
                // One bad read (an ICMP error surfacing, say) must not end the transport.
                log.warn("UDP receive on {}:{} failed: {}", getIpAddress().getHostAddress(), getPort(), e.toString());
            }
        }
    }

    /** Asks the kernel for a receive buffer of {@code bytes} (it grants at most {@code net.core.rmem_max}). */
    void receiveBuffer(int bytes) throws IOException {
        sock.setReceiveBufferSize(bytes);
        if (sock.getReceiveBufferSize() < bytes) {
            log.info(
                    "UDP receive buffer {} bytes, not the {} asked for (net.core.rmem_max limits it)",
                    sock.getReceiveBufferSize(),
                    bytes);
        }
    }

    /** The queue to the parsing threads, for its drop counts. */
    ReceiveQueue queue() {
        return queue;
    }

    /**
     * Sends a datagram from the listening socket, as the RI's channels do: answers of the {@link UdpTransactions},
     * already encoded once for keeping.
     */
    void send(byte[] datagram, InetSocketAddress destination) throws IOException {
        sock.send(new DatagramPacket(datagram, datagram.length, destination));
    }

    /**
     * What the RI's own factory does for its UDP processor: without the stack's (package-private) flag, the RI sends
     * every UDP request and response from a new socket on a random port instead of from the listening one.
     */
    private static void sendFromListeningSocket(SIPTransactionStack stack) {
        try {
            Field flag = SIPTransactionStack.class.getDeclaredField("udpFlag");
            flag.setAccessible(true);
            flag.setBoolean(stack, true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("this JAIN-SIP RI has no udpFlag to set; check CompactUdpProcessor", e);
        }
    }

    /**
     * The RI's worker, which takes datagrams off {@link #messageQueue} and parses them (its constructor is protected),
     * dropping stray responses before the RI looks for their transaction.
     */
    private static final class Worker extends UDPMessageChannel {
        Worker(SIPTransactionStack stack, UDPMessageProcessor processor, String threadName) {
            super(stack, processor, threadName);
        }

        @Override
        public void processMessage(SIPMessage message) {
            if (message instanceof SIPResponse response && stray(response, sipStack)) {
                return;
            }
            super.processMessage(message);
        }
    }

    /**
     * A response to a non-INVITE request whose RFC 3261 branch has no client transaction (any more): a retransmission
     * that came after Timer K, or one that is not ours. The RI would first walk its whole client transaction table
     * for it, a search meant for RFC 2543 branches, which this edge never sends; under overload, when answers come
     * late and retransmitted, that walk cost more than the messages. The edge drops such responses (RFC 3261 17.1.3),
     * as its client would. A stray 2xx to an INVITE goes on: the RI acknowledges it again (RFC 3261 13.2.2.4).
     */
    static boolean stray(SIPResponse response, SIPTransactionStack stack) {
        Via via = response.getTopmostVia();
        CSeqHeader cseq = response.getCSeq();
        if (via == null || cseq == null || Request.INVITE.equals(cseq.getMethod())) {
            return false; // the RI refuses a response without them, or has a dialog to look after
        }
        String branch = via.getBranch();
        return branch != null
                && branch.regionMatches(true, 0, MAGIC_COOKIE, 0, MAGIC_COOKIE.length())
                && stack.findTransaction(response.getTransactionId(), false) == null;
    }
}
