package net.cpmpf.sipedge.sip;

import java.time.Duration;
import java.util.List;
import net.cpmpf.sipedge.system.EdgeProperties;

/** Configurations for tests: the defaults of {@link EdgeProperties.Sip} on a chosen address and port. */
final class TestSip {

    static final String SERVER = "CPM-serv/OMA2.0 cpm-pf-test/0.1";

    private TestSip() {}

    static EdgeProperties.Sip config(String host, int port) {
        return config(host, port, 65536);
    }

    static EdgeProperties.Sip config(String host, int port, int maxMessageSize) {
        return config(host, port, maxMessageSize, 1000, Duration.ofSeconds(10));
    }

    static EdgeProperties.Sip config(
            String host, int port, int maxMessageSize, int maxTcpConnections, Duration tcpMessageTimeout) {
        return new EdgeProperties.Sip(
                host,
                port,
                List.of("udp", "tcp"),
                SERVER,
                List.of("text/plain", "message/cpim"),
                maxMessageSize,
                4,
                List.of(),
                Duration.ofSeconds(30),
                1000,
                Duration.ofMillis(500),
                maxTcpConnections,
                tcpMessageTimeout,
                256,
                EdgeProperties.Tls.off(),
                EdgeProperties.UdpQueue.defaults(),
                "");
    }

    /** UDP and TCP, with room for {@code maxServerTransactions} UDP transactions. */
    static EdgeProperties.Sip withMaxServerTransactions(String host, int port, int maxServerTransactions) {
        var base = config(host, port);
        return copy(base, base.transports(), maxServerTransactions, base.timerK(), base.tls());
    }

    /** UDP and TCP, with {@code timerK} for the endpoint's own non-INVITE requests over UDP. */
    static EdgeProperties.Sip withTimerK(String host, int port, Duration timerK) {
        var base = config(host, port);
        return copy(base, base.transports(), base.maxServerTransactions(), timerK, base.tls());
    }

    /** UDP, TCP and TLS (on {@code tlsPort}) with {@code tls} as the TLS settings. */
    static EdgeProperties.Sip withTls(String host, int port, EdgeProperties.Tls tls) {
        return withTls(host, port, tls, 1000, Duration.ofSeconds(10));
    }

    /** As {@link #withTls(String, int, EdgeProperties.Tls)}, with the connection guards' limits. */
    static EdgeProperties.Sip withTls(
            String host, int port, EdgeProperties.Tls tls, int maxConnections, Duration messageTimeout) {
        var base = config(host, port, 65536, maxConnections, messageTimeout);
        return copy(base, List.of("udp", "tcp", "tls"), base.maxServerTransactions(), base.timerK(), tls);
    }

    private static EdgeProperties.Sip copy(
            EdgeProperties.Sip base,
            List<String> transports,
            int maxServerTransactions,
            Duration timerK,
            EdgeProperties.Tls tls) {
        return new EdgeProperties.Sip(
                base.host(),
                base.port(),
                transports,
                base.server(),
                base.accept(),
                base.maxMessageSize(),
                base.threads(),
                base.supported(),
                base.tcpIdleTimeout(),
                maxServerTransactions,
                timerK,
                base.maxTcpConnections(),
                base.tcpMessageTimeout(),
                base.maxHeaders(),
                tls,
                base.udpQueue(),
                "");
    }
}
