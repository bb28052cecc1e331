package net.cpmpf.sipedge.sip;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.NioMessageProcessorFactory;
import gov.nist.javax.sip.stack.NioTcpMessageChannel;
import gov.nist.javax.sip.stack.NioTcpMessageProcessor;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import javax.sip.ListeningPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RI's NIO processors, with the TCP guards its NIO transport lacks (its {@code MAX_CONNECTIONS} and
 * {@code READ_TIMEOUT} only apply to the blocking TCP transport): at most {@code MAX_CONNECTIONS} inbound TCP
 * connections (one beyond it is shut down as soon as it is accepted), and each must deliver every message
 * within {@code MESSAGE_TIMEOUT} of its first byte, and its first message within that time of being accepted, or be
 * closed (slow-loris). A request on TCP that does not parse is answered 400, as the RI does on UDP only. Part of the
 * stack factory: the second class that names the RI, kept apart so that the factory stays small.
 */
public final class GuardedNioProcessorFactory extends NioMessageProcessorFactory {

    /** Stack property: inbound TCP connections at once. */
    static final String MAX_CONNECTIONS = "net.cpmpf.sip.MAX_INBOUND_TCP_CONNECTIONS";

    /** Stack property: milliseconds a TCP connection may take over one message. */
    static final String MESSAGE_TIMEOUT = "net.cpmpf.sip.TCP_MESSAGE_TIMEOUT";

    private static final Logger log = LoggerFactory.getLogger(GuardedNioProcessorFactory.class);

    /** Hands the channel under construction to the parser its constructor creates (the RI makes one per channel). */
    private static final ThreadLocal<AtomicReference<Guarded>> BUILDING = new ThreadLocal<>();

    @Override
    public MessageProcessor createMessageProcessor(
            SIPTransactionStack stack, InetAddress address, int port, String transport) throws IOException {
        if (!transport.equalsIgnoreCase(ListeningPoint.TCP)) {
            return super.createMessageProcessor(stack, address, port, transport);
        }
        Properties config = ((SipStackImpl) stack).getConfigurationProperties();
        return new GuardedTcpProcessor(
                address,
                stack,
                port,
                Integer.parseInt(config.getProperty(MAX_CONNECTIONS, "10000")),
                Long.parseLong(config.getProperty(MESSAGE_TIMEOUT, "10000")));
    }

    /**
     * For the parser of the channel being built on this thread, if any: what to do with a request that does not
     * parse (answer it 400 on that connection).
     */
    static BiConsumer<byte[], String> refusalForChannelBeingBuilt() {
        AtomicReference<Guarded> channel = BUILDING.get();
        return channel == null
                ? null
                : (raw, reason) -> {
                    Guarded guarded = channel.get();
                    if (guarded != null) {
                        guarded.refuse(raw, reason);
                    }
                };
    }

    private static final class GuardedTcpProcessor extends NioTcpMessageProcessor {

        private final int maxConnections;
        private final long messageTimeoutMillis;
        private final Set<Guarded> inbound = ConcurrentHashMap.newKeySet();
        private ScheduledExecutorService auditor;

        GuardedTcpProcessor(
                InetAddress address, SIPTransactionStack stack, int port, int maxConnections, long messageTimeout) {
            super(address, stack, port);
            this.maxConnections = maxConnections;
            this.messageTimeoutMillis = messageTimeout;
        }

        @Override
        public NioTcpMessageChannel createMessageChannel(NioTcpMessageProcessor processor, SocketChannel client)
                throws IOException {
            NioTcpMessageChannel existing = nioHandler.getMessageChannel(client);
            if (existing != null) {
                return existing;
            }
            AtomicReference<Guarded> building = new AtomicReference<>();
            BUILDING.set(building);
            Guarded channel;
            try {
                channel = new Guarded(this, client);
            } finally {
                BUILDING.remove();
            }
            building.set(channel);
            nioHandler.putMessageChannel(client, channel);
            if (inbound.size() >= maxConnections) {
                // The RI registers whatever this returns with its selector (and logs an error for a closed socket):
                // a connection shut both ways is read as ended at once and closed by the RI itself.
                log.warn("TCP connection from {} refused: {} open", client.getRemoteAddress(), inbound.size());
                client.shutdownInput();
                client.shutdownOutput();
                return channel;
            }
            inbound.add(channel);
            return channel;
        }

        @Override
        public void start() throws IOException {
            super.start();
            auditor = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "sip-tcp-guard-" + getPort());
                thread.setDaemon(true);
                return thread;
            });
            long period = Math.max(50, Math.min(1000, messageTimeoutMillis / 4));
            auditor.scheduleWithFixedDelay(this::closeOverdue, period, period, TimeUnit.MILLISECONDS);
        }

        @Override
        public void stop() {
            if (auditor != null) {
                auditor.shutdownNow();
            }
            super.stop();
        }

        private void closeOverdue() {
            long now = System.nanoTime();
            for (Guarded channel : inbound) {
                if (channel.overdue(now, messageTimeoutMillis)) {
                    log.info(
                            "Closing TCP connection from {}: no complete message within {} ms",
                            channel.getPeerAddress(),
                            messageTimeoutMillis);
                    channel.close();
                }
            }
        }

        void forget(Guarded channel) {
            inbound.remove(channel);
        }
    }

    /** An inbound connection that knows since when it has been waiting for the end of a message. */
    private static final class Guarded extends NioTcpMessageChannel {

        private final GuardedTcpProcessor owner;
        /** System.nanoTime() of the first byte of the message being read (or of the accept); 0 between messages. */
        private volatile long waitingSince;

        Guarded(GuardedTcpProcessor owner, SocketChannel client) throws IOException {
            super(owner, client);
            this.owner = owner;
            this.messageProcessor = owner;
            this.waitingSince = System.nanoTime();
        }

        @Override
        protected void addBytes(byte[] bytes) throws Exception {
            if (waitingSince == 0 && !onlyLineEnds(bytes)) {
                waitingSince = System.nanoTime();
            }
            super.addBytes(bytes);
        }

        @Override
        public void processMessage(SIPMessage message) throws Exception {
            // Runs on a post-parsing thread: it may clear a mark set for the next message's first bytes, which then
            // starts counting at its next chunk.
            waitingSince = 0;
            super.processMessage(message);
        }

        boolean overdue(long now, long timeoutMillis) {
            long since = waitingSince;
            return since != 0 && now - since > TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        }

        void refuse(byte[] raw, String reason) {
            // The RI's TCP framer hands the parser its header lines with LF alone; its 400 builder looks for CRLF.
            String text = new String(raw, StandardCharsets.UTF_8)
                    .replace("\r\n", "\n")
                    .replace("\n", "\r\n");
            if (text.startsWith("SIP/") || text.startsWith("ACK ")) {
                return;
            }
            String response = createBadReqRes(text, new ParseException(reason, 0));
            if (response == null) {
                return;
            }
            try {
                sendMessage(response.getBytes(StandardCharsets.UTF_8), false);
            } catch (IOException e) {
                log.debug("400 for an unparsable request not sent", e);
            }
        }

        @Override
        protected void close(boolean removeSocket, boolean stopKeepAliveTask) {
            owner.forget(this);
            super.close(removeSocket, stopKeepAliveTask);
        }

        /** CRLF keep-alives (RFC 5626) are not the start of a message. */
        private static boolean onlyLineEnds(byte[] bytes) {
            for (byte b : bytes) {
                if (b != '\r' && b != '\n') {
                    return false;
                }
            }
            return true;
        }
    }
}
