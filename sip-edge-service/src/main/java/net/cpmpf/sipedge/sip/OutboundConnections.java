package net.cpmpf.sipedge.sip;

import gov.nist.javax.sip.stack.HandshakeCompletedListenerImpl;
import gov.nist.javax.sip.stack.NIOHandler;
import gov.nist.javax.sip.stack.NioTcpMessageChannel;
import gov.nist.javax.sip.stack.NioTcpMessageProcessor;
import gov.nist.javax.sip.stack.NioTlsMessageChannel;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;

/**
 * The RI's NIO handler with a connection table that keeps what it connects. The RI's own (1.3.0-91) takes a new
 * outbound connection out of its table in the very call that put it there (its "connected" flag is never set), so
 * each request to a peer whose channel is not yet connected opens another connection, and the request goes out on a
 * socket that no channel reads from yet: the RI then logs "Old socket different than new socket", and the message
 * may be lost without an error. Here a connection stays in the table until its channel closes it (the RI removes it
 * then), and a peer is connected to by one caller at a time (peers share 64 locks).
 */
final class OutboundConnections extends NIOHandler {

    /** Connects to peers on different stripes go on in parallel; to one peer, one at a time. */
    private static final int LOCK_STRIPES = 64;

    private final NioTcpMessageProcessor processor;
    private final int connectTimeoutMillis;
    private final Object[] locks = new Object[LOCK_STRIPES];
    private volatile boolean stopped;

    OutboundConnections(SIPTransactionStack stack, NioTcpMessageProcessor processor, int connectTimeoutMillis) {
        super(stack, processor);
        this.processor = processor;
        this.connectTimeoutMillis = connectTimeoutMillis;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
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
        if (connection.made()) {
            // A channel whose socket died under it (a closed one is replaced along with its socket): the selector
            // thread drops what is queued for a socket it knows no channel of, and the RI's channel registers its
            // new socket only once this call has returned.
            putMessageChannel(connection.socket(), channel);
        }
        if (connection.made() && channel instanceof NioTlsMessageChannel tls) {
            // As the RI: a new TLS connection handshakes first; the channel sends its message once it has.
            tls.setHandshakeCompletedListener(new HandshakeCompletedListenerImpl(tls, connection.socket()));
        } else {
            processor.send(connection.socket(), bytes);
        }
        return connection.socket();
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
        synchronized (locks[Math.floorMod(key.hashCode(), LOCK_STRIPES)]) {
            socket = usable(getSocket(key));
            if (socket != null) {
                return new Connection(socket, false);
            }
            socket = processor.connect(
                    new InetSocketAddress(address, port), processor.getIpAddress(), connectTimeoutMillis);
            putSocket(key, socket);
            return new Connection(socket, true);
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
