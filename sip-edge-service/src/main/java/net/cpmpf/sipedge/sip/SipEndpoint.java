package net.cpmpf.sipedge.sip;

import java.util.ArrayList;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Locale;
import javax.sip.ListeningPoint;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import net.cpmpf.sipedge.system.EdgeProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIP stack of the edge: one listening point per configured transport on one address and port, one provider,
 * and the {@link RequestDispatcher} behind it. Can be started again after {@link #stop()}; each start builds a new
 * stack.
 */
public final class SipEndpoint {

    private static final Logger log = LoggerFactory.getLogger(SipEndpoint.class);
    private static final int STOP_ATTEMPTS = 3;

    private final EdgeProperties.Sip config;
    private final List<SipRequestHandler> handlers;
    private final StackSipClient client;
    private final SourceRateLimiter limiter;
    private final SipReply rateLimited;
    private final UdpTransactions udpTransactions;
    private SipStack stack;
    private String allow;

    /** An endpoint with a client of its own, for requests this edge originates. */
    public SipEndpoint(EdgeProperties.Sip config, Collection<? extends SipRequestHandler> handlers) {
        this(config, handlers, new StackSipClient(config));
    }

    public SipEndpoint(
            EdgeProperties.Sip config, Collection<? extends SipRequestHandler> handlers, StackSipClient client) {
        this(config, handlers, client, SourceRateLimiter.UNLIMITED, SipReply.of(503, "Service Unavailable"));
    }

    /**
     * @param limiter how many requests each source may send
     * @param rateLimited the answer to a request beyond that (503 with Retry-After)
     */
    public SipEndpoint(
            EdgeProperties.Sip config,
            Collection<? extends SipRequestHandler> handlers,
            StackSipClient client,
            SourceRateLimiter limiter,
            SipReply rateLimited) {
        this.config = config;
        this.handlers = List.copyOf(handlers);
        this.client = client;
        this.limiter = limiter;
        this.rateLimited = rateLimited;
        this.udpTransactions = new UdpTransactions(config.maxServerTransactions(), UdpTransactions.TIMER_J);
    }

    /**
     * Binds every transport and starts taking requests.
     *
     * @throws IllegalStateException when the stack cannot be built or a port cannot be bound; nothing stays bound
     */
    public synchronized void start() {
        if (stack != null) {
            return;
        }
        try {
            RequestDispatcher dispatcher = new RequestDispatcher(
                    handlers,
                    new ResponseFactory(
                            SipStackFactory.messageFactory(config.server()), SipStackFactory.headerFactory()),
                    config.accept(),
                    config.supported(),
                    client,
                    limiter,
                    rateLimited,
                    udpTransactions);
            stack = SipStackFactory.createStack(SipStackFactory.properties(config));
            SipProvider provider = null;
            for (String name : config.transports()) {
                String transport = name.toLowerCase(Locale.ROOT);
                int port = transport.equals("tls") ? config.tls().port() : config.port();
                ListeningPoint point = stack.createListeningPoint(config.host(), port, transport);
                if (provider == null) {
                    provider = stack.createSipProvider(point);
                } else {
                    provider.addListeningPoint(point);
                }
            }
            if (provider == null) {
                throw new IllegalStateException("no SIP transport configured");
            }
            provider.addSipListener(dispatcher);
            client.attach(provider);
            stack.start();
            allow = dispatcher.allow();
        } catch (Exception e) {
            stop();
            throw new IllegalStateException(
                    "SIP endpoint could not start on " + config.host() + ":" + config.port(), e);
        }
    }

    /** Closes every socket and stops the stack's threads; pending transactions are abandoned. */
    public synchronized void stop() {
        if (stack == null) {
            return;
        }
        client.detach();
        // stop() deletes providers and listening points, which closes their sockets. The RI's UDP processor closes
        // its socket and then walks its channel list while the channel threads it woke are still tearing it down, so
        // stop() can fail half-way (ConcurrentModificationException, or NullPointerException once the list is
        // gone). That processor is already removed by then: stopping again carries on with the remaining ones.
        for (int attempt = 1; ; attempt++) {
            try {
                stack.stop();
                break;
            } catch (ConcurrentModificationException | NullPointerException e) {
                if (attempt == STOP_ATTEMPTS) {
                    log.warn("SIP stack did not stop cleanly", e);
                    break;
                }
            }
        }
        stack = null;
        allow = null;
    }

    /**
     * Non-INVITE transactions over UDP held now, answered or not (bounded by {@code max-server-transactions}); kept
     * across a restart of the endpoint, as a retransmission after it still needs its answer.
     */
    public int udpTransactionsHeld() {
        return udpTransactions.held(System.nanoTime());
    }

    /** Bytes the answers of UDP transactions take, for Timer J; the most held at once since start. */
    public long udpAnswerBytes() {
        return udpTransactions.answerBytes();
    }

    /** New UDP requests refused with 503 because {@code max-server-transactions} were held. */
    public long udpTransactionsRefused() {
        return udpTransactions.refused();
    }

    /** UDP datagrams dropped since the endpoint started: {@code full} on arrival, else because they waited too long. */
    public synchronized long udpDropped(boolean full) {
        return stack == null
                ? 0
                : SipStackFactory.udpQueue(stack)
                        .map(queue -> full ? queue.droppedFull() : queue.droppedStale())
                        .orElse(0L);
    }

    /** The running stack, for tests that look at its transaction tables; {@code null} while stopped. */
    synchronized SipStack stack() {
        return stack;
    }

    public synchronized boolean isRunning() {
        return stack != null;
    }

    /** What listens where, e.g. {@code [udp 127.0.0.1:5060, tcp 127.0.0.1:5060]}; empty when stopped. */
    public synchronized List<String> listening() {
        List<String> points = new ArrayList<>();
        if (stack != null) {
            for (var it = stack.getListeningPoints(); it.hasNext(); ) {
                ListeningPoint point = (ListeningPoint) it.next();
                points.add(point.getTransport().toLowerCase(Locale.ROOT) + " " + point.getIPAddress() + ":"
                        + point.getPort());
            }
        }
        return points;
    }

    /** Sends requests through this endpoint while it runs. */
    public SipClient client() {
        return client;
    }

    /** The Allow value the running endpoint answers with. */
    public synchronized String allow() {
        return allow;
    }
}
