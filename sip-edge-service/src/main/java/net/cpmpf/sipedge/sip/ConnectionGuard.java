package net.cpmpf.sipedge.sip;

import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The limits of one listening point's inbound connections (TCP or TLS) that the RI's NIO transport lacks: at most
 * {@code maxConnections} open, and each closed when a message takes longer than {@code messageTimeoutMillis} (see
 * {@link MessageDeadline}). Free of the RI's types, so that the TCP and TLS processors share it.
 */
final class ConnectionGuard {

    /** An inbound connection as the guard sees it. */
    interface Connection {

        MessageDeadline deadline();

        String getPeerAddress();

        void close();
    }

    private static final Logger log = LoggerFactory.getLogger(ConnectionGuard.class);

    private final String transport;
    private final int maxConnections;
    private final long messageTimeoutMillis;
    private final Set<Connection> inbound = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService auditor;

    ConnectionGuard(String transport, int maxConnections, long messageTimeoutMillis) {
        this.transport = transport;
        this.maxConnections = maxConnections;
        this.messageTimeoutMillis = messageTimeoutMillis;
    }

    /**
     * Counts a connection just accepted, or shuts it down when there are too many: the RI registers every channel with
     * its selector (and logs an error for a closed socket), and a connection shut both ways is read as ended at once
     * and closed by the RI itself.
     */
    void admit(Connection connection, SocketChannel client) throws java.io.IOException {
        if (inbound.size() >= maxConnections) {
            log.warn("{} connection from {} refused: {} open", transport, client.getRemoteAddress(), inbound.size());
            client.shutdownInput();
            client.shutdownOutput();
            return;
        }
        inbound.add(connection);
    }

    void forget(Connection connection) {
        inbound.remove(connection);
    }

    void start(int port) {
        auditor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sip-" + transport + "-guard-" + port);
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(50, Math.min(1000, messageTimeoutMillis / 4));
        auditor.scheduleWithFixedDelay(this::closeOverdue, period, period, TimeUnit.MILLISECONDS);
    }

    void stop() {
        if (auditor != null) {
            auditor.shutdownNow();
        }
    }

    private void closeOverdue() {
        long now = System.nanoTime();
        for (Connection connection : inbound) {
            if (connection.deadline().overdue(now, messageTimeoutMillis)) {
                log.info(
                        "Closing {} connection from {}: no complete message within {} ms",
                        transport,
                        connection.getPeerAddress(),
                        messageTimeoutMillis);
                connection.close();
            }
        }
    }
}
