package net.cpmpf.sipedge.sip;

import gov.nist.javax.sip.stack.HandshakeCompletedListenerImpl;
import gov.nist.javax.sip.stack.NIOHandler;
import gov.nist.javax.sip.stack.NioTcpMessageChannel;
import gov.nist.javax.sip.stack.NioTcpMessageProcessor;
import gov.nist.javax.sip.stack.NioTlsMessageChannel;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * The RI's NIO handler with a connection table that keeps what it connects. The RI's own (1.3.0-91) takes a new
 * outbound connection out of its table in the very call that put it there (its "connected" flag is never set), so
 * each request to a peer whose channel is not yet connected opens another connection, and the request goes out on a
 * socket that no channel reads from yet: the RI then logs "Old socket different than new socket", and the message
 * may be lost without an error. Here a connection stays in the table until its channel closes it (the RI removes it
 * then), and a request to a peer being connected to waits for that connect instead of making its own.
 */
final class OutboundConnections extends NIOHandler {

    private final NioTcpMessageProcessor processor;
    private final int connectTimeoutMillis;
    /** The connect under way to each peer: a request to the same peer meanwhile waits for it, others do not. */
    private final ConcurrentHashMap<String, CompletableFuture<SocketChannel>> connecting = new ConcurrentHashMap<>();

    private volatile boolean stopped;

    OutboundConnections(SIPTransactionStack stack, NioTcpMessageProcessor processor, int connectTimeoutMillis) {
        super(stack, processor);
        this.processor = processor;
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    @Override
    public SocketChannel createOrReuseSocket(InetAddress address, int port) throws IOException {
        return stopped ? null : connection(address, port).socket();
    }

    @Override
    public SocketChannel sendBytes(
            InetAddress sender,
            InetAddress receiver,
            int port,
            String transport,
            byte[] bytes,
            boolean retry,
            NioTcpMessageChannel channel)
            throws IOException {
        if (stopped) {
            return null;
        }
        Connection connection = connection(receiver, port);
        SocketChannel socket = connection.socket();
        if (connection.made()) {
            // A channel whose socket died under it (a closed one is replaced along with its socket): the selector
            // thread drops what is queued for a socket it knows no channel of, and the RI's channel registers its
            // new socket only once this call has returned.
            putMessageChannel(socket, channel);
            if (channel instanceof NioTlsMessageChannel tls) {
                // As the RI: a new TLS connection handshakes first; the channel sends its message once it has.
                tls.setHandshakeCompletedListener(new HandshakeCompletedListenerImpl(tls, socket));
                return socket;
            }
        }
        processor.send(socket, bytes);
        return socket;
    }

    @Override
    public void stop() {
        stopped = true;
        super.stop();
    }

    private Connection connection(InetAddress address, int port) throws IOException {
        String key = makeKey(address, port);
        SocketChannel socket = usable(getSocket(key));
        if (socket != null) {
            return new Connection(socket, false);
        }
        var mine = new CompletableFuture<SocketChannel>();
        var theirs = connecting.putIfAbsent(key, mine);
        if (theirs != null) {
            return new Connection(awaitConnect(theirs), false);
        }
        try {
            socket = usable(getSocket(key));
            boolean made = socket == null;
            if (made) {
                socket = processor.connect(
                        new InetSocketAddress(address, port), processor.getIpAddress(), connectTimeoutMillis);
                putSocket(key, socket);
            }
            mine.complete(socket);
            return new Connection(socket, made);
        } catch (IOException | RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            connecting.remove(key, mine);
        }
    }

    private static SocketChannel awaitConnect(CompletableFuture<SocketChannel> connect) throws IOException {
        try {
            return connect.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while another request connected");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    /** A socket still worth writing to: open, and connected or on its way (a non-blocking connect). */
    private static SocketChannel usable(SocketChannel socket) {
        return socket != null && socket.isOpen() && (socket.isConnected() || socket.isConnectionPending())
                ? socket
                : null;
    }

    /** @param made whether this call made the connection */
    private record Connection(SocketChannel socket, boolean made) {}
}
