package net.cpmpf.sipedge.sip;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.NioMessageProcessorFactory;
import gov.nist.javax.sip.stack.NioTcpMessageChannel;
import gov.nist.javax.sip.stack.NioTcpMessageProcessor;
import gov.nist.javax.sip.stack.NioTlsMessageChannel;
import gov.nist.javax.sip.stack.NioTlsMessageProcessor;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import javax.sip.ListeningPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RI's NIO processors, with the connection guards its NIO transport lacks (its {@code MAX_CONNECTIONS} and
 * {@code READ_TIMEOUT} only apply to the blocking TCP transport): for TCP and for TLS alike, at most
 * {@code MAX_CONNECTIONS} inbound connections per listening point and a deadline of {@code MESSAGE_TIMEOUT} for each
 * message (slow-loris; {@link ConnectionGuard}). A request on either that does not parse is answered 400, as the RI
 * does on UDP only. UDP gets {@link CompactUdpProcessor}. Part of the stack factory: the second class that names the
 * RI, kept apart so that the factory stays small.
 */
public final class GuardedNioProcessorFactory extends NioMessageProcessorFactory {

    /** Stack property: inbound connections at once, per connection-oriented listening point. */
    static final String MAX_CONNECTIONS = "net.cpmpf.sip.MAX_INBOUND_TCP_CONNECTIONS";

    /** Stack property: milliseconds a connection may take over one message. */
    static final String MESSAGE_TIMEOUT = "net.cpmpf.sip.TCP_MESSAGE_TIMEOUT";

    /** The RI's stack property for outbound connects, in milliseconds (its default 10 s). */
    private static final String CONNECTION_TIMEOUT = "gov.nist.javax.sip.CONNECTION_TIMEOUT";

    private static final Logger log = LoggerFactory.getLogger(GuardedNioProcessorFactory.class);

    /** Hands the channel under construction to the parser its constructor creates (the RI makes one per channel). */
    private static final ThreadLocal<AtomicReference<Refusing>> BUILDING = new ThreadLocal<>();

    @Override
    public MessageProcessor createMessageProcessor(
            SIPTransactionStack stack, InetAddress address, int port, String transport) throws IOException {
        Properties config = ((SipStackImpl) stack).getConfigurationProperties();
        if (transport.equalsIgnoreCase(ListeningPoint.UDP)) {
            int workers = Integer.parseInt(config.getProperty(SipStackFactory.THREAD_POOL_SIZE));
            var queue = new ReceiveQueue(
                    Integer.parseInt(config.getProperty(CompactUdpProcessor.QUEUE_DATAGRAMS, "10000")),
                    Long.parseLong(config.getProperty(CompactUdpProcessor.QUEUE_BYTES, "16777216")),
                    Long.parseLong(config.getProperty(CompactUdpProcessor.QUEUE_DELAY, "500")));
            var processor = new CompactUdpProcessor(address, stack, port, workers, queue);
            processor.receiveBuffer(Integer.parseInt(config.getProperty(CompactUdpProcessor.SOCKET_BUFFER, "4194304")));
            return processor;
        }
        boolean tcp = transport.equalsIgnoreCase(ListeningPoint.TCP);
        if (!tcp && !transport.equalsIgnoreCase(ListeningPoint.TLS)) {
            return super.createMessageProcessor(stack, address, port, transport);
        }
        var guard = new ConnectionGuard(
                transport.toLowerCase(java.util.Locale.ROOT),
                Integer.parseInt(config.getProperty(MAX_CONNECTIONS, "10000")),
                Long.parseLong(config.getProperty(MESSAGE_TIMEOUT, "10000")));
        return tcp
                ? new GuardedTcpProcessor(address, stack, port, guard)
                : new GuardedTlsProcessor(address, stack, port, guard);
    }

    /**
     * For the parser of the channel being built on this thread, if any: what to do with a request that does not
     * parse (answer it 400 on that connection).
     */
    static BiConsumer<byte[], String> refusalForChannelBeingBuilt() {
        AtomicReference<Refusing> channel = BUILDING.get();
        return channel == null
                ? null
                : (raw, reason) -> {
                    Refusing refusing = channel.get();
                    if (refusing != null) {
                        refusing.refuse(raw, reason);
                    }
                };
    }

    /**
     * Replaces the handler the RI's processor constructor made (before any connection exists). That one's idle-socket
     * auditor, if configured, stays scheduled over its empty table.
     */
    private static OutboundConnections outboundConnections(
            SIPTransactionStack stack, NioTcpMessageProcessor processor) {
        Properties config = ((SipStackImpl) stack).getConfigurationProperties();
        int timeout = Integer.parseInt(config.getProperty(CONNECTION_TIMEOUT, "10000"));
        return new OutboundConnections(stack, processor, timeout);
    }

    /** A channel that can answer 400 to a request its parser could not read. */
    private interface Refusing {
        void refuse(byte[] raw, String reason);
    }

    private interface ChannelMaker<C> {
        C make() throws IOException;
    }

    /** Makes an inbound channel with its parser's refusal hook, registers it and lets the guard count it. */
    private static <C extends NioTcpMessageChannel & Refusing & ConnectionGuard.Connection> C accept(
            ChannelMaker<C> maker, SocketChannel client, ConnectionGuard guard, BiConsumer<SocketChannel, C> register)
            throws IOException {
        AtomicReference<Refusing> building = new AtomicReference<>();
        BUILDING.set(building);
        C channel;
        try {
            channel = maker.make();
        } finally {
            BUILDING.remove();
        }
        building.set(channel);
        register.accept(client, channel);
        guard.admit(channel, client);
        return channel;
    }

    /** Sends a response on the connection a refused request came in on. */
    private interface Sender {
        void send(byte[] bytes) throws IOException;
    }

    /**
     * Answers a request that does not parse with the RI's 400; responses and ACKs are not answered.
     *
     * @param builder the channel's own 400 builder (the RI's, protected)
     */
    private static void answer400(
            byte[] raw, String reason, BiFunction<String, ParseException, String> builder, Sender sender) {
        // The RI's framer hands the parser its header lines with LF alone; its 400 builder looks for CRLF.
        String text =
                new String(raw, StandardCharsets.UTF_8).replace("\r\n", "\n").replace("\n", "\r\n");
        if (text.startsWith("SIP/") || text.startsWith("ACK ")) {
            return;
        }
        String response = builder.apply(text, new ParseException(reason, 0));
        if (response == null) {
            return;
        }
        try {
            sender.send(response.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            log.debug("400 for an unparsable request not sent", e);
        }
    }

    private static final class GuardedTcpProcessor extends NioTcpMessageProcessor {

        private final ConnectionGuard guard;

        GuardedTcpProcessor(InetAddress address, SIPTransactionStack stack, int port, ConnectionGuard guard) {
            super(address, stack, port);
            this.guard = guard;
            this.nioHandler = outboundConnections(stack, this);
        }

        @Override
        public NioTcpMessageChannel createMessageChannel(NioTcpMessageProcessor processor, SocketChannel client)
                throws IOException {
            NioTcpMessageChannel existing = nioHandler.getMessageChannel(client);
            return existing != null
                    ? existing
                    : accept(() -> new TcpChannel(this, client, guard), client, guard, nioHandler::putMessageChannel);
        }

        @Override
        public void start() throws IOException {
            super.start();
            guard.start(getPort());
        }

        @Override
        public void stop() {
            guard.stop();
            super.stop();
        }
    }

    private static final class GuardedTlsProcessor extends NioTlsMessageProcessor {

        private final ConnectionGuard guard;

        GuardedTlsProcessor(InetAddress address, SIPTransactionStack stack, int port, ConnectionGuard guard) {
            super(address, stack, port);
            this.guard = guard;
            this.nioHandler = outboundConnections(stack, this);
        }

        @Override
        public NioTcpMessageChannel createMessageChannel(NioTcpMessageProcessor processor, SocketChannel client)
                throws IOException {
            NioTcpMessageChannel existing = nioHandler.getMessageChannel(client);
            return existing != null
                    ? existing
                    : accept(() -> new TlsChannel(this, client, guard), client, guard, nioHandler::putMessageChannel);
        }

        @Override
        public void start() throws IOException {
            super.start();
            guard.start(getPort());
        }

        @Override
        public void stop() {
            guard.stop();
            super.stop();
        }
    }

    private static final class TcpChannel extends NioTcpMessageChannel implements Refusing, ConnectionGuard.Connection {

        private final ConnectionGuard guard;
        private final MessageDeadline deadline = new MessageDeadline();

        TcpChannel(NioTcpMessageProcessor owner, SocketChannel client, ConnectionGuard guard) throws IOException {
            super(owner, client);
            this.guard = guard;
            this.messageProcessor = owner;
        }

        @Override
        public MessageDeadline deadline() {
            return deadline;
        }

        @Override
        protected void addBytes(byte[] bytes) throws Exception {
            deadline.onBytes(bytes);
            super.addBytes(bytes);
        }

        @Override
        public void processMessage(SIPMessage message) throws Exception {
            deadline.onMessage();
            super.processMessage(message);
        }

        @Override
        public void refuse(byte[] raw, String reason) {
            answer400(raw, reason, this::createBadReqRes, bytes -> sendMessage(bytes, false));
        }

        @Override
        protected void close(boolean removeSocket, boolean stopKeepAliveTask) {
            guard.forget(this);
            super.close(removeSocket, stopKeepAliveTask);
        }
    }

    /** As {@link TcpChannel}, counting decrypted bytes: the handshake falls under the deadline of the first message. */
    private static final class TlsChannel extends NioTlsMessageChannel implements Refusing, ConnectionGuard.Connection {

        private final ConnectionGuard guard;
        private final MessageDeadline deadline = new MessageDeadline();

        TlsChannel(NioTcpMessageProcessor owner, SocketChannel client, ConnectionGuard guard) throws IOException {
            super(owner, client);
            this.guard = guard;
        }

        @Override
        public MessageDeadline deadline() {
            return deadline;
        }

        @Override
        public void addPlaintextBytes(byte[] bytes) throws Exception {
            deadline.onBytes(bytes);
            super.addPlaintextBytes(bytes);
        }

        @Override
        public void processMessage(SIPMessage message) throws Exception {
            deadline.onMessage();
            super.processMessage(message);
        }

        @Override
        public void refuse(byte[] raw, String reason) {
            answer400(raw, reason, this::createBadReqRes, bytes -> sendMessage(bytes, false));
        }

        @Override
        protected void close(boolean removeSocket, boolean stopKeepAliveTask) {
            guard.forget(this);
            super.close(removeSocket, stopKeepAliveTask);
        }
    }
}
