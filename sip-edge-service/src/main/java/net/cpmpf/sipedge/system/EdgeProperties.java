package net.cpmpf.sipedge.system;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/** Everything the SIP edge can be told ({@code cpm.edge.*}). */
@ConfigurationProperties("cpm.edge")
public record EdgeProperties(
        @DefaultValue Sip sip,
        @DefaultValue Backbone backbone,
        @DefaultValue Registrar registrar,
        @DefaultValue Core core,
        @DefaultValue Fork fork,
        @DefaultValue RateLimit rateLimit,
        @DefaultValue Msrp msrp,
        @DefaultValue LargeMessage largeMessage) {

    /**
     * The MSRP node (RFC 4975, relaying as RFC 4976 describes) that carries Large Message Mode content between the
     * originator and the client the PF selected.
     *
     * @param host address to bind; {@code 0.0.0.0} or {@code ::} for every interface
     * @param port TCP port; 0 picks a free one (tests), the actual one is advertised
     * @param idleTimeout a connection with no traffic either way for this long is closed, and its session ends
     * @param mediaTimeout a session whose originator has not connected and sent its first request this long after the
     *     200 OK is torn down (BYE both ways)
     * @param drainTimeout after the originator's BYE, how long the relay waits for the client to acknowledge what is
     *     in flight before the BYE to the client goes anyway
     * @param maxSessions MSRP sessions relayed at once; beyond it new large-message INVITEs are answered 503
     * @param maxChunkBytes largest chunk body accepted (RFC 4975 lets senders cut messages into chunks; bodies
     *     stream, so this is a policy bound, not a memory one)
     * @param threads event-loop threads of the node
     * @param writeBufferHighWater bytes queued towards a peer above which the relay stops reading from the other peer
     *     (backpressure); reading resumes below half of it
     * @param advertisedHost the address in the PF's MSRP URIs ({@code a=path}) and SDP {@code c=} line (in
     *     Kubernetes: the pod's IP); empty: {@code host}, which must then not be a wildcard
     */
    public record Msrp(
            @DefaultValue("127.0.0.1") String host,
            @DefaultValue("2855") int port,
            @DefaultValue("60s") Duration idleTimeout,
            @DefaultValue("30s") Duration mediaTimeout,
            @DefaultValue("10s") Duration drainTimeout,
            @DefaultValue("1000") int maxSessions,
            @DefaultValue("1048576") long maxChunkBytes,
            @DefaultValue("2") int threads,
            @DefaultValue("262144") int writeBufferHighWater,
            @DefaultValue("") String advertisedHost) {

        public Msrp {
            if (port < 0 || port > 65535 || maxSessions < 1 || threads < 1 || writeBufferHighWater < 2) {
                throw new IllegalArgumentException(
                        "msrp needs port 0..65535, max-sessions >= 1, threads >= 1, write-buffer-high-water >= 2");
            }
            advertisedHost = advertisable(host, advertisedHost, "cpm.edge.msrp");
        }

        /** Where peers reach this edge's MSRP node. */
        public String advertised() {
            return advertisedHost;
        }
    }

    /**
     * Large Message Mode sessions (CR 8.3.2.1.1), where the edge is a B2BUA.
     *
     * @param ringTimeout a branch with no final response after this long is cancelled
     * @param minSessionExpires the smallest Session-Expires accepted (RFC 4028 {@code Min-SE}, at least 90 s); a
     *     smaller one is refused with 422
     * @param maxSessionExpires a larger Session-Expires is lowered to this
     * @param maxDeferredSize the largest message the PF receives as the MSRP endpoint to defer it (every branch
     *     failed, or the preference is defer); a larger one gets MSRP 413 and a BYE. The whole message is held in
     *     memory until it is on the backbone, and travels as one Kafka record of about 4/3 of it: the producer's
     *     {@code max.request.size} and the content topic's {@code max.message.bytes} ({@code
     *     cpm.backbone.large-content-max-bytes}, 16 MiB) must fit that
     * @param deferralTimeout how long publishing a received large message may take; past it the originator's
     *     connection is closed without the last chunk's 200, so it knows the message was not kept
     * @param deliveryChunkSize the largest SEND chunk when the PF delivers a deferred large message itself
     * @param deliveryTimeout the longest a later delivery's MSRP transfer may take, from connecting to the last 200;
     *     past it the outcome is 408 and the device is tried again at its next registration
     */
    public record LargeMessage(
            @DefaultValue("30s") Duration ringTimeout,
            @DefaultValue("90s") Duration minSessionExpires,
            @DefaultValue("30m") Duration maxSessionExpires,
            @DefaultValue("10MB") DataSize maxDeferredSize,
            @DefaultValue("10s") Duration deferralTimeout,
            @DefaultValue("256KB") DataSize deliveryChunkSize,
            @DefaultValue("120s") Duration deliveryTimeout) {

        public LargeMessage {
            if (minSessionExpires.toSeconds() < 90 || maxSessionExpires.compareTo(minSessionExpires) < 0) {
                throw new IllegalArgumentException(
                        "large-message needs min-session-expires >= 90s (RFC 4028) and max >= min");
            }
            if (maxDeferredSize.toBytes() < 1 || maxDeferredSize.toBytes() > 1024L * 1024 * 1024) {
                throw new IllegalArgumentException("large-message max-deferred-size must be 1 byte .. 1 GB");
            }
            if (deliveryChunkSize.toBytes() < 1 || deliveryChunkSize.toBytes() > 1024 * 1024) {
                // The receiving side's chunk limit is ours too (cpm.edge.msrp.max-chunk-bytes, 1 MB by default).
                throw new IllegalArgumentException("large-message delivery-chunk-size must be 1 byte .. 1 MB");
            }
        }
    }

    /**
     * Per-source limits on incoming requests (a token bucket per source address); the core's addresses are exempt.
     *
     * @param perSource requests per second one source may keep sending; 0 (the default, for the local stack and
     *     benchmarks) turns limiting off
     * @param burst requests a source may send at once after a quiet time
     * @param maxSources sources tracked at once
     * @param retryAfter Retry-After of the 503 a refused request gets
     */
    public record RateLimit(
            @DefaultValue("0") double perSource,
            @DefaultValue("100") int burst,
            @DefaultValue("100000") int maxSources,
            @DefaultValue("2s") Duration retryAfter) {

        public RateLimit {
            if (perSource < 0 || burst < 1 || maxSources < 1) {
                throw new IllegalArgumentException("rate-limit needs per-source >= 0, burst >= 1, max-sources >= 1");
            }
        }
    }

    /**
     * Delivery of a Pager Mode message to the user's clients.
     *
     * @param timeout a branch without a final response after this long counts as failed, so that the originator
     *     gets its answer (2xx, or 202 after deferral) well inside its own Timer F (32 s)
     * @param deferralTimeout how long publishing the deferral of an undeliverable message may take before the
     *     originator gets 503 instead of 202
     */
    public record Fork(
            @DefaultValue("10s") Duration timeout,
            @DefaultValue("3s") Duration deferralTimeout) {}

    /**
     * The SIP stack.
     *
     * @param host address the listening points bind to; {@code 0.0.0.0} or {@code ::} for every interface
     * @param port SIP port for UDP and TCP
     * @param transports transports to listen on
     * @param server value of the Server header of every response (OMA CPM release, then product)
     * @param accept body types listed in Accept (OPTIONS, 415)
     * @param maxMessageSize largest SIP message read from a stream transport, in bytes; larger ones are refused
     * @param threads stack threads that process incoming messages
     * @param supported option tags the edge implements: listed in Supported, accepted in Require (others get 420)
     * @param tcpIdleTimeout a TCP connection without traffic for this long is closed (a peer reconnects when it
     *     needs to), so idle or abandoned connections do not pile up
     * @param maxServerTransactions non-INVITE transactions over UDP kept at once, answered or not; each is kept for
     *     Timer J (32 s) after its answer, so the default holds about 3,000 MESSAGE/s. A new request beyond it is
     *     refused statelessly with 503 and Retry-After. About 0.6 KB each
     * @param timerK Timer K of the edge's own non-INVITE requests over UDP (RFC 3261 17.1.2.2): how long a
     *     transaction stays after its final response, to absorb retransmissions of that response. One that comes later
     *     is a stray, which the edge drops just the same. The RFC's 5 s (T4) kept about 2.4 KB per forked copy for 5
     *     s, some 40 % of what survived young collections under load (bench/RESULTS.md). At least the stack's timer
     *     tick, 500 ms
     * @param maxTcpConnections inbound TCP connections open at once; one more is closed as soon as it is accepted
     * @param tcpMessageTimeout longest a TCP connection may take to deliver one whole message, counted from its first
     *     byte (or from the accept, for the first message); a slower one (slow-loris) is closed
     * @param maxHeaders header fields a request may have; more is answered 400 (a header flood)
     * @param tls SIP over TLS, used when {@code tls} is among the transports
     * @param udpQueue how many received datagrams may wait for a parsing thread, and for how long
     * @param advertisedHost the address peers reach this edge at, put in Via, Contact and Warning (in Kubernetes: the
     *     pod's IP); empty: {@code host}, which must then not be a wildcard
     */
    public record Sip(
            @DefaultValue("127.0.0.1") String host,
            @DefaultValue("5060") int port,
            @DefaultValue({"udp", "tcp"}) List<String> transports,
            @DefaultValue("CPM-serv/OMA2.0 cpm-pf/0.1") String server,

            @DefaultValue({"text/plain", "message/cpim", "application/im-iscomposing+xml"})
            List<String> accept,

            @DefaultValue("65536") int maxMessageSize,
            @DefaultValue("8") int threads,
            @DefaultValue List<String> supported,
            @DefaultValue("5m") Duration tcpIdleTimeout,
            @DefaultValue("100000") int maxServerTransactions,
            @DefaultValue("500ms") Duration timerK,
            @DefaultValue("10000") int maxTcpConnections,
            @DefaultValue("10s") Duration tcpMessageTimeout,
            @DefaultValue("256") int maxHeaders,
            @DefaultValue Tls tls,
            @DefaultValue UdpQueue udpQueue,
            @DefaultValue("") String advertisedHost) {

        public Sip {
            if (threads < 1
                    || maxServerTransactions < 1
                    || timerK.compareTo(MIN_TIMER_K) < 0
                    || maxTcpConnections < 1
                    || maxHeaders < 16
                    || tcpMessageTimeout.compareTo(Duration.ZERO) <= 0) {
                throw new IllegalArgumentException(
                        "sip needs threads >= 1, max-server-transactions >= 1, timer-k >= 500ms,"
                                + " max-tcp-connections >= 1,"
                                + " max-headers >= 16"
                                + " and a positive tcp-message-timeout");
            }
            advertisedHost = advertisable(host, advertisedHost, "cpm.edge.sip");
        }

        /** Where peers reach this edge's SIP listening points. */
        public String advertised() {
            return advertisedHost;
        }
    }

    /**
     * The queue between the UDP socket and the parsing threads (the RI's is unbounded: a flood would grow the heap).
     * A datagram beyond {@code datagrams} or {@code bytes} is dropped as it arrives, one that waited longer than
     * {@code maxDelay} as it leaves (its sender has retransmitted it by then); {@code
     * cpm_edge_sip_udp_dropped_total} counts both. Below the edge's parsing capacity nothing is dropped: overload of
     * the backbone is answered 503 (cpm.edge.backbone.admission).
     *
     * @param datagrams datagrams waiting at once
     * @param bytes their bytes at once
     * @param maxDelay longest a datagram may wait; T1 (500 ms) by default
     * @param socketBuffer the kernel's receive buffer of the socket, in front of the queue: what a burst can fill
     *     while the reading thread waits for a core (the kernel keeps it at most {@code net.core.rmem_max}; Linux's
     *     default, 208 KB, is 40 ms of 5,000 MESSAGE/s)
     */
    public record UdpQueue(
            @DefaultValue("10000") int datagrams,
            @DefaultValue("16MB") DataSize bytes,
            @DefaultValue("500ms") Duration maxDelay,
            @DefaultValue("4MB") DataSize socketBuffer) {

        public UdpQueue {
            if (datagrams < 1 || bytes.toBytes() < 65536 || maxDelay.toMillis() < 1 || socketBuffer.toBytes() < 1) {
                throw new IllegalArgumentException("sip.udp-queue needs datagrams >= 1, bytes >= 64KB, a max-delay of"
                        + " at least 1ms and a positive socket-buffer");
            }
        }

        /** What tests and other configurations without their own queue use. */
        public static UdpQueue defaults() {
            return new UdpQueue(10_000, DataSize.ofMegabytes(16), Duration.ofMillis(500), DataSize.ofMegabytes(4));
        }
    }

    /** The RI's timer tick: a shorter Timer K would end the transaction before the TU has its response. */
    private static final Duration MIN_TIMER_K = Duration.ofMillis(500);

    /** The address to advertise: the bind address unless told otherwise; a wildcard cannot be reached. */
    static String advertisable(String host, String advertisedHost, String prefix) {
        if (advertisedHost != null && !advertisedHost.isBlank()) {
            return advertisedHost.strip();
        }
        if (WILDCARDS.contains(host)) {
            throw new IllegalArgumentException(prefix + ".host " + host + " binds every interface, so " + prefix
                    + ".advertised-host must say which address peers use (in Kubernetes: the pod IP)");
        }
        return host;
    }

    private static final java.util.Set<String> WILDCARDS = java.util.Set.of("0.0.0.0", "::", "[::]", "::0", "[::0]");

    /**
     * SIP over TLS (RFC 3261 §26.2, RFC 5630). The key store holds the edge's certificate and key; the trust store
     * the authorities a client certificate must chain to (when client certificates are asked for).
     *
     * @param port the TLS port (5061 by convention)
     * @param keyStore path of the key store (PKCS12 or JKS); required when TLS is on
     * @param keyStorePassword its password
     * @param keyStoreType {@code PKCS12} or {@code JKS}
     * @param trustStore path of the trust store; empty: the JVM's default authorities
     * @param trustStorePassword its password; empty: the key store's
     * @param clientAuth whether clients must present a certificate (mutual TLS): {@code none}, {@code want},
     *     {@code need}
     * @param protocols TLS versions offered
     * @param cipherSuites suites offered; the RI's own default is a list of RSA/CBC suites from RFC 3261's day that a
     *     current JDK mostly refuses, so the default here is today's AEAD suites
     * @param handshakeTimeout a client that has not finished its handshake by then is dropped
     */
    public record Tls(
            @DefaultValue("5061") int port,
            String keyStore,
            String keyStorePassword,
            @DefaultValue("PKCS12") String keyStoreType,
            String trustStore,
            String trustStorePassword,
            @DefaultValue("none") String clientAuth,
            @DefaultValue({"TLSv1.3", "TLSv1.2"}) List<String> protocols,

            @DefaultValue({
                "TLS_AES_128_GCM_SHA256",
                "TLS_AES_256_GCM_SHA384",
                "TLS_CHACHA20_POLY1305_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"
            })
            List<String> cipherSuites,

            @DefaultValue("5s") Duration handshakeTimeout) {

        public static final List<String> DEFAULT_SUITES = List.of(
                "TLS_AES_128_GCM_SHA256",
                "TLS_AES_256_GCM_SHA384",
                "TLS_CHACHA20_POLY1305_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");

        public Tls {
            if (!List.of("none", "want", "need").contains(clientAuth)) {
                throw new IllegalArgumentException("cpm.edge.sip.tls.client-auth must be none, want or need");
            }
        }

        /** TLS off: what tests and configurations without {@code tls} among the transports use. */
        public static Tls off() {
            return new Tls(
                    5061,
                    null,
                    null,
                    "PKCS12",
                    null,
                    null,
                    "none",
                    List.of("TLSv1.3", "TLSv1.2"),
                    DEFAULT_SUITES,
                    Duration.ofSeconds(5));
        }
    }

    /**
     * The request/reply path to the other services.
     *
     * @param replyPartition this edge's partition of the edge command topic; unique per edge (StatefulSet ordinal)
     * @param replyTimeout how long a SIP transaction waits for a decision before the edge answers it itself; far
     *     inside Timer F (32 s) so the originator never sees silence
     * @param retryAfter Retry-After of the 503 sent when no decision came in time
     * @param maxPending transactions waiting for a decision at once while nothing queues; beyond it new ones are
     *     answered 503 at once
     * @param admission how the number of waiting transactions follows the backbone's queueing delay
     * @param breaker when to stop waiting for a backbone that keeps failing
     */
    public record Backbone(
            @DefaultValue("0") int replyPartition,
            @DefaultValue("4s") Duration replyTimeout,
            @DefaultValue("5s") Duration retryAfter,
            @DefaultValue("10000") int maxPending,
            @DefaultValue Admission admission,
            @DefaultValue Breaker breaker) {

        public Backbone {
            if (maxPending < admission.minLimit()) {
                throw new IllegalArgumentException("backbone max-pending must be at least admission.min-limit");
            }
        }
    }

    /**
     * Overload control at the edge: how many transactions may wait for a decision follows the backbone's queueing
     * delay. When, in two {@code window}s in a row, even the fastest decision took {@code target-delay} longer than
     * the fastest of the last 10 s (the latency without a queue), the backbone is queueing (its consumers are behind,
     * or CPU is short) and the limit drops below what was waiting; while the limit holds requests back and nothing
     * queues, it rises again, up to {@code max-pending}. A request beyond the limit is answered 503 with {@code
     * retry-after} at once, instead of waiting for a decision that would come after the originator retransmits.
     *
     * @param targetDelay queueing delay above which the limit drops: lower keeps the answered requests faster under
     *     overload, but refuses on the jitter of a loaded machine (on the local stack, 15 ms refused 0.4-0.8 % at rates
     *     that were otherwise clean, 30 ms let the 200s' p99 reach 170 ms under 3x overload; bench/RESULTS.md)
     * @param window how often the limit is adjusted
     * @param minLimit the limit never goes below this
     * @param retryAfter Retry-After of the 503 a refused request gets (overload passes in seconds; a load balancer in
     *     front of the edges sends elsewhere meanwhile)
     */
    public record Admission(
            @DefaultValue("20ms") Duration targetDelay,
            @DefaultValue("100ms") Duration window,
            @DefaultValue("16") int minLimit,
            @DefaultValue("1s") Duration retryAfter) {

        public Admission {
            if (targetDelay.isNegative() || targetDelay.isZero() || window.toMillis() < 20 || minLimit < 1) {
                throw new IllegalArgumentException(
                        "backbone.admission needs a positive target-delay, a window of at least 20ms, min-limit >= 1");
            }
        }
    }

    /**
     * Circuit breaker around the backbone (Resilience4j). While open, requests are answered 503 at once.
     *
     * @param failureRateThreshold percentage of failed calls in the window that opens the circuit
     * @param slidingWindowSize calls the failure rate is computed over
     * @param minimumCalls calls needed before the rate counts
     * @param openFor how long the circuit stays open before it lets trial calls through
     */
    public record Breaker(
            @DefaultValue("50") float failureRateThreshold,
            @DefaultValue("20") int slidingWindowSize,
            @DefaultValue("10") int minimumCalls,
            @DefaultValue("5s") Duration openFor) {}

    /**
     * Lab mode: clients REGISTER with the PF directly and the PF is their registrar (RFC 3261, GRUUs per RFC 5627).
     * Off in production, where the S-CSCF is the registrar and the PF learns contacts from the reg event package.
     *
     * @param enabled whether REGISTER from clients is accepted
     * @param minExpires shorter registrations get 423 Interval Too Brief
     * @param maxExpires longer registrations are shortened to this
     * @param defaultExpires for a contact that asks for no duration
     * @param maxContactsPerUser bindings one AoR may hold
     * @param maxUsers AoRs the registrar holds at once
     * @param sweepInterval how often expired bindings are removed and the change published
     */
    public record Registrar(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("60s") Duration minExpires,
            @DefaultValue("1h") Duration maxExpires,
            @DefaultValue("1h") Duration defaultExpires,
            @DefaultValue("10") int maxContactsPerUser,
            @DefaultValue("100000") int maxUsers,
            @DefaultValue("10s") Duration sweepInterval) {}

    /**
     * The SIP/IP core (S-CSCF) this edge works with.
     *
     * @param trusted addresses of the core, as {@code host} or {@code host:port}: a REGISTER from one of them is a
     *     third-party registration (the PF then subscribes to the user's reg event); empty in lab mode
     * @param identity the PF's own SIP URI, the From of the requests it originates
     * @param subscriptionExpires the duration asked for in SUBSCRIBE to the reg event package
     * @param retryInterval pause before a failed reg event subscription is tried again
     * @param outboundProxy the URI requests to clients go through (the S-CSCF, with {@code ;lr}); empty in lab
     *     mode, where the PF resolves the GRUUs it minted itself
     */
    public record Core(
            @DefaultValue List<String> trusted,
            @DefaultValue("sip:cpm-pf@127.0.0.1") String identity,
            @DefaultValue("1h") Duration subscriptionExpires,
            @DefaultValue("30s") Duration retryInterval,
            @DefaultValue("") String outboundProxy) {}
}
