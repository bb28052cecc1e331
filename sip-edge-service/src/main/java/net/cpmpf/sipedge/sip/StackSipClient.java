package net.cpmpf.sipedge.sip;

import gov.nist.javax.sip.TransactionExt;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.ListeningPoint;
import javax.sip.ResponseEvent;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import net.cpmpf.events.SipHeader;
import net.cpmpf.sipedge.system.EdgeProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SipClient} on the endpoint's provider: builds the request, runs its client transaction, maps the answer.
 * Made before the endpoint, so that features can hold it; requests fail fast while the endpoint is stopped.
 */
public final class StackSipClient implements SipClient {

    private static final int MAX_FORWARDS = 70;
    private static final String BRANCH_COOKIE = "z9hG4bK";
    private static final Logger log = LoggerFactory.getLogger(StackSipClient.class);
    private static final int CONNECTING_THREADS = 16;
    private static final int CONNECTING_QUEUE = 10_000;

    private final MessageFactory messages;
    private final HeaderFactory headers;
    private final AddressFactory addresses;
    private final String host;
    private final int port;
    private final int timerK;
    private final Map<ClientTransaction, CompletableFuture<SipResponse>> pending = new ConcurrentHashMap<>();
    private final Map<ClientTransaction, StackInvite> invites = new ConcurrentHashMap<>();
    private final TargetResolver targets;
    private final ThreadPoolExecutor connecting = connectingPool();
    private volatile SipProvider provider;

    public StackSipClient(EdgeProperties.Sip config) {
        this(config, TargetResolver.NONE);
    }

    public StackSipClient(EdgeProperties.Sip config, TargetResolver targets) {
        this.targets = targets;
        try {
            this.messages = SipStackFactory.messageFactory(config.server());
        } catch (ParseException e) {
            throw new IllegalArgumentException("bad Server header value: " + config.server(), e);
        }
        this.headers = SipStackFactory.headerFactory();
        this.addresses = SipStackFactory.addressFactory();
        this.host = config.advertised();
        this.port = config.port();
        this.timerK = Math.toIntExact(config.timerK().toMillis());
    }

    void attach(SipProvider provider) {
        this.provider = provider;
    }

    /** The endpoint stopped: nothing in flight will be answered any more. */
    void detach() {
        provider = null;
        pending.values().forEach(f -> f.completeExceptionally(new SipException("SIP endpoint stopped")));
        pending.clear();
        invites.clear();
    }

    /**
     * Where requests over TCP and TLS are sent from: enough threads that a few peers being connected to (each waits for
     * its own connect) leave room for the others, none while idle, and a bounded queue behind them.
     */
    private static ThreadPoolExecutor connectingPool() {
        var threads = new AtomicInteger();
        var pool = new ThreadPoolExecutor(
                CONNECTING_THREADS,
                CONNECTING_THREADS,
                30,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(CONNECTING_QUEUE),
                runnable -> {
                    var thread = new Thread(runnable, "cpm-sip-send-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    @Override
    public String contactUri() {
        return "sip:" + host + ":" + port;
    }

    @Override
    public CompletableFuture<SipResponse> send(OutboundRequest outbound) {
        SipProvider current = provider;
        if (current == null) {
            return CompletableFuture.failedFuture(new SipException("SIP endpoint not running"));
        }
        var answer = new CompletableFuture<SipResponse>();
        try {
            Request request = build(outbound);
            dispatch(request, answer, () -> {
                ClientTransaction transaction = current.getNewClientTransaction(request);
                if (udp(request)) {
                    // The RI derives Timer K from T4 and has no setter of its own for it.
                    ((TransactionExt) transaction).setTimerT4(timerK);
                }
                return transaction;
            });
        } catch (ParseException | InvalidArgumentException | RuntimeException e) {
            answer.completeExceptionally(e);
        }
        return answer;
    }

    @Override
    public OutgoingInvite invite(OutboundRequest outbound) {
        SipProvider current = provider;
        var invite = new StackInvite(this::cancel);
        if (current == null || !"INVITE".equals(outbound.method())) {
            invite.answer()
                    .completeExceptionally(new SipException(
                            current == null ? "SIP endpoint not running" : "not an INVITE: " + outbound.method()));
            return invite;
        }
        try {
            Request request = build(outbound);
            dispatch(request, invite.answer(), () -> {
                ClientTransaction transaction = current.getNewClientTransaction(request);
                invite.attach(transaction);
                invites.put(transaction, invite);
                invite.answer().whenComplete((response, error) -> invites.remove(transaction));
                return transaction;
            });
        } catch (ParseException | InvalidArgumentException | RuntimeException e) {
            invite.answer().completeExceptionally(e);
        }
        return invite;
    }

    /** Makes a client transaction for a request; may connect to the first hop when that is over TCP or TLS. */
    private interface TransactionStart {
        ClientTransaction start() throws SipException;
    }

    /**
     * Starts the transaction and sends its request: over UDP on the caller's thread (a datagram never blocks), over TCP
     * or TLS on {@link #connecting}, since the RI connects to a new peer as it makes the transaction's channel, for up
     * to the connect timeout, and the caller may be the Kafka listener that carries every other command to this edge.
     */
    private void dispatch(Request request, CompletableFuture<SipResponse> answer, TransactionStart start) {
        Runnable send = () -> {
            ClientTransaction transaction = null;
            try {
                transaction = start.start();
                pending.put(transaction, answer);
                transaction.sendRequest();
            } catch (SipException | RuntimeException e) {
                if (transaction != null) {
                    pending.remove(transaction);
                }
                answer.completeExceptionally(e);
            }
        };
        if (udp(request)) {
            send.run();
            return;
        }
        try {
            connecting.execute(send);
        } catch (RejectedExecutionException e) {
            answer.completeExceptionally(new SipException("too many requests waiting to be sent over TCP", e));
        }
    }

    private static boolean udp(Request request) {
        return ListeningPoint.UDP.equalsIgnoreCase(((ViaHeader) request.getHeader(ViaHeader.NAME)).getTransport());
    }

    private void cancel(ClientTransaction invite) {
        SipProvider current = provider;
        if (current == null) {
            return;
        }
        try {
            // Its final response is absorbed: the INVITE's own answer (487 or a 2xx that crossed it) is what counts.
            current.getNewClientTransaction(invite.createCancel()).sendRequest();
        } catch (SipException | RuntimeException e) {
            log.info("CANCEL not sent: {}", e.toString());
        }
    }

    @Override
    public void ack(OutboundRequest outbound) {
        SipProvider current = provider;
        if (current == null || !"ACK".equals(outbound.method())) {
            return;
        }
        try {
            Request ack = build(outbound);
            ((ViaHeader) ack.getHeader(ViaHeader.NAME)).setBranch(BRANCH_COOKIE + ResponseFactory.newTag());
            current.sendRequest(ack);
        } catch (ParseException | SipException | InvalidArgumentException | RuntimeException e) {
            log.info("ACK not sent: {}", e.toString());
        }
    }

    private Request build(OutboundRequest outbound) throws ParseException, InvalidArgumentException {
        String target = targets.resolve(outbound.requestUri()).orElse(outbound.requestUri());
        URI requestUri = addresses.createURI(target);
        String firstHop = outbound.route().isEmpty() ? target : outbound.route().get(0);
        String transport = transportOf(firstHop);
        ViaHeader via = headers.createViaHeader(host, port, transport.toUpperCase(Locale.ROOT), outbound.branch());
        Request request = messages.createRequest(
                requestUri,
                outbound.method(),
                headers.createCallIdHeader(outbound.callId()),
                headers.createCSeqHeader(outbound.cseq(), outbound.method()),
                headers.createFromHeader(addresses.createAddress(outbound.from()), outbound.fromTag()),
                headers.createToHeader(addresses.createAddress(outbound.to()), outbound.toTag()),
                List.of(via),
                headers.createMaxForwardsHeader(MAX_FORWARDS));
        for (String route : outbound.route()) {
            request.addHeader(headers.createRouteHeader(addresses.createAddress(route)));
        }
        String contact = contactUri() + ("udp".equals(transport) ? "" : ";transport=" + transport);
        request.addHeader(headers.createContactHeader(addresses.createAddress(contact)));
        for (SipHeader header : outbound.headers()) {
            request.addHeader(headers.createHeader(header.name(), header.value()));
        }
        if (outbound.contentType() != null) {
            String[] type = outbound.contentType().split("/", 2);
            ContentTypeHeader contentType = headers.createContentTypeHeader(type[0], type.length > 1 ? type[1] : "");
            request.setContent(outbound.body(), contentType);
        }
        return request;
    }

    private String transportOf(String uri) throws ParseException {
        URI parsed = addresses.createAddress(uri).getURI();
        if (parsed instanceof SipURI sip && sip.getTransportParam() != null) {
            return sip.getTransportParam().toLowerCase(Locale.ROOT);
        }
        return "udp";
    }

    void onResponse(ResponseEvent event) {
        Response response = event.getResponse();
        ClientTransaction transaction = event.getClientTransaction();
        if (transaction == null) {
            return;
        }
        if (response.getStatusCode() < 200) {
            StackInvite invite = invites.get(transaction);
            if (invite != null) {
                invite.onProvisional();
            }
            return;
        }
        var answer = pending.remove(transaction);
        if (answer != null) {
            answer.complete(toResponse(response));
        }
    }

    void onTimeout(ClientTransaction transaction) {
        var answer = pending.remove(transaction);
        if (answer != null) {
            answer.completeExceptionally(new TimeoutException("no final response in time"));
        }
    }

    /** A transaction that ended without a final response (e.g. the transport failed). */
    void onTerminated(ClientTransaction transaction) {
        var answer = pending.remove(transaction);
        if (answer != null) {
            answer.completeExceptionally(new SipException("transaction ended without a final response"));
        }
    }

    private static SipResponse toResponse(Response response) {
        List<SipHeader> fields = new ArrayList<>();
        for (Iterator<?> names = response.getHeaderNames(); names.hasNext(); ) {
            String name = (String) names.next();
            for (Iterator<?> values = response.getHeaders(name); values.hasNext(); ) {
                fields.add(new SipHeader(name, HeaderValues.value((Header) values.next())));
            }
        }
        return new SipResponse(response.getStatusCode(), response.getReasonPhrase(), fields, response.getRawContent());
    }
}
