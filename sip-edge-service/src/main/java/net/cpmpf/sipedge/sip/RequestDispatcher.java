package net.cpmpf.sipedge.sip;

import gov.nist.javax.sip.message.SIPRequest;
import java.text.ParseException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import net.cpmpf.events.SipHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stack's listener: gives each new server transaction to the handler of its method. Runs on the stack's
 * threads, several at once; a handler must not block them.
 */
final class RequestDispatcher implements SipListener {

    private static final Logger log = LoggerFactory.getLogger(RequestDispatcher.class);

    private static final long FULL_WARNING_INTERVAL = Duration.ofSeconds(10).toNanos();

    /** Taken in this layer whatever the features are: ACK is absorbed, never refused. */
    private static final List<String> BUILT_IN = List.of("ACK", "CANCEL", "OPTIONS");

    /** The methods SIP defines (RFC 3261, 3262, 3265, 3311, 3428, 3515, 3903, 6086). */
    private static final Set<String> KNOWN_METHODS = Set.of(
            "ACK",
            "BYE",
            "CANCEL",
            "INFO",
            "INVITE",
            "MESSAGE",
            "NOTIFY",
            "OPTIONS",
            "PRACK",
            "PUBLISH",
            "REFER",
            "REGISTER",
            "SUBSCRIBE",
            "UPDATE");

    private final Map<String, SipRequestHandler> handlers = new HashMap<>();
    private final PendingRequests pending = new PendingRequests();
    private final ResponseFactory responses;
    private final RequestScreen screen;
    private final SipReply methodNotAllowed;
    private final SipReply notImplemented;
    private final StackSipClient client;
    private final SourceRateLimiter limiter;
    private final SipReply rateLimited;
    private final UdpTransactions udpTransactions;
    private volatile long lastFullWarning = System.nanoTime() - FULL_WARNING_INTERVAL;

    RequestDispatcher(
            Collection<? extends SipRequestHandler> features,
            ResponseFactory responses,
            List<String> accept,
            List<String> supported,
            StackSipClient client,
            SourceRateLimiter limiter,
            SipReply rateLimited,
            UdpTransactions udpTransactions) {
        this.responses = responses;
        this.udpTransactions = udpTransactions;
        this.client = client;
        this.limiter = limiter;
        this.rateLimited = rateLimited;
        this.screen = new RequestScreen(supported);
        features.forEach(this::register);
        String allow = allow(handlers.keySet());
        this.methodNotAllowed = SipReply.of(405, "Method Not Allowed", new SipHeader("Allow", allow));
        this.notImplemented = SipReply.of(501, "Not Implemented", new SipHeader("Allow", allow));
        register(new OptionsHandler(allow, accept, supported));
        register(new CancelHandler(pending));
    }

    /** The Allow header value: every method that does not get a 405. */
    String allow() {
        return methodNotAllowed.headers().get(0).value();
    }

    private static String allow(Collection<String> featureMethods) {
        TreeSet<String> methods = new TreeSet<>(featureMethods);
        methods.addAll(BUILT_IN);
        return String.join(", ", methods);
    }

    private void register(SipRequestHandler handler) {
        for (String method : handler.methods()) {
            String key = method.toUpperCase(Locale.ROOT);
            if (BUILT_IN.contains(key) && !(handler instanceof OptionsHandler || handler instanceof CancelHandler)) {
                throw new IllegalArgumentException(key + " is answered by the SIP layer, not by " + handler);
            }
            SipRequestHandler previous = handlers.putIfAbsent(key, handler);
            if (previous != null) {
                throw new IllegalArgumentException(key + " has two handlers: " + previous + " and " + handler);
            }
        }
    }

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        if (Request.ACK.equals(request.getMethod())) {
            // ACKs for our non-2xx finals are absorbed by the transaction layer; 2xx ACKs belong to the B2BUA.
            acknowledged(event);
            return;
        }
        if (!limiter.allow(SipStackFactory.source(event), System.nanoTime())) {
            // Stateless: a flood must not cost a transaction per request.
            refuseStatelessly(event, rateLimited);
            return;
        }
        StackInboundRequest inbound = inbound(event);
        if (inbound == null) {
            return;
        }
        if (!Request.CANCEL.equals(request.getMethod())) {
            pending.track(inbound);
        }
        try {
            route(inbound, request);
        } catch (RuntimeException e) {
            log.error("Handler failed on {}; answering 500", inbound, e);
            inbound.reply(SipReply.of(500, "Server Internal Error"));
        }
    }

    private void acknowledged(RequestEvent event) {
        SipRequestHandler invite = handlers.get(Request.INVITE);
        if (invite == null) {
            return;
        }
        Request request = event.getRequest();
        String transport =
                ((ViaHeader) request.getHeader(ViaHeader.NAME)).getTransport().toLowerCase(Locale.ROOT);
        try {
            invite.acknowledged(new StackInboundRequest(
                    request,
                    response -> {
                        throw new SipException("an ACK is never answered");
                    },
                    responses,
                    transport,
                    SipStackFactory.source(event),
                    r -> {}));
        } catch (RuntimeException e) {
            log.warn("Handler failed on an ACK", e);
        }
    }

    /**
     * RFC 3261 8.2: the method first (405 for a SIP method this edge does not serve, 501 for one it does not know,
     * 21.5.2), then the headers (400, 416, 420), then the feature.
     */
    private void route(StackInboundRequest inbound, Request request) {
        SipRequestHandler handler = handlers.get(request.getMethod());
        if (handler == null) {
            inbound.reply(KNOWN_METHODS.contains(request.getMethod()) ? methodNotAllowed : notImplemented);
            return;
        }
        Optional<SipReply> refusal = screen.refusal(request);
        if (refusal.isPresent()) {
            inbound.reply(refusal.get());
        } else {
            handler.handle(inbound);
        }
    }

    /** The request with its server transaction; {@code null} for a retransmission, or a request refused here. */
    private StackInboundRequest inbound(RequestEvent event) {
        Request request = event.getRequest();
        CompactUdpProcessor udp = UdpAnswers.processor(request);
        Optional<String> key = udp == null ? Optional.empty() : UdpTransactions.key(request);
        if (key.isPresent()) {
            return udpInbound(event, udp, key.get());
        }
        try {
            ServerTransaction transaction = event.getServerTransaction() != null
                    ? event.getServerTransaction()
                    : ((SipProvider) event.getSource()).getNewServerTransaction(request);
            return new StackInboundRequest(
                    request,
                    transaction::sendResponse,
                    responses,
                    SipStackFactory.transport(transaction),
                    SipStackFactory.source(event),
                    pending::forget);
        } catch (TransactionAlreadyExistsException e) {
            // A retransmission that overtook the creation of its transaction: that transaction answers it.
            return null;
        } catch (SipException e) {
            if (e.getCause() instanceof ParseException) {
                refuseMissingHeader(event, e.getMessage());
            } else {
                log.warn("No server transaction for {}: {}", request.getMethod(), e.getMessage());
            }
            return null;
        }
    }

    private StackInboundRequest udpInbound(RequestEvent event, CompactUdpProcessor udp, String key) {
        try {
            // What the RI checks before it makes a server transaction: the headers it requires (Max-Forwards, ...).
            ((SIPRequest) event.getRequest()).checkHeaders();
        } catch (ParseException e) {
            refuseMissingHeader(event, e.getMessage());
            return null;
        }
        UdpTransactions.Admission admission = udpTransactions.admit(key, System.nanoTime());
        UdpAnswers.leaveToUs(event);
        if (admission instanceof UdpTransactions.Fresh fresh) {
            UdpTransactions.Transaction transaction = fresh.transaction();
            return new StackInboundRequest(
                    event.getRequest(),
                    response -> UdpAnswers.answer(udp, transaction, response),
                    responses,
                    "udp",
                    SipStackFactory.source(event),
                    pending::forget);
        }
        if (admission instanceof UdpTransactions.Retransmission again) {
            byte[] answer = again.answer();
            if (answer != null) {
                UdpAnswers.resend(udp, answer, (ViaHeader) event.getRequest().getHeader(ViaHeader.NAME));
            }
            return null;
        }
        long now = System.nanoTime();
        if (now - lastFullWarning > FULL_WARNING_INTERVAL) {
            // Once per interval: under a flood every request would log.
            lastFullWarning = now;
            log.warn(
                    "{} UDP transactions held (cpm.edge.sip.max-server-transactions): new requests get {}",
                    udpTransactions.size(),
                    rateLimited.status());
        }
        refuseStatelessly(event, rateLimited);
        return null;
    }

    /**
     * A header the RI requires is missing (e.g. Max-Forwards, Contact of a SUBSCRIBE): refused statelessly, still
     * method first (RFC 3261 8.2.1).
     */
    private void refuseMissingHeader(RequestEvent event, String reason) {
        refuseStatelessly(
                event,
                handlers.containsKey(event.getRequest().getMethod())
                        ? SipReply.of(400, "Bad Request (" + reason + ")")
                        : methodNotAllowed);
    }

    private void refuseStatelessly(RequestEvent event, SipReply refusal) {
        SipProvider provider = (SipProvider) event.getSource();
        Request request = event.getRequest();
        String transport =
                ((ViaHeader) request.getHeader(ViaHeader.NAME)).getTransport().toLowerCase(Locale.ROOT);
        new StackInboundRequest(
                        request, provider::sendResponse, responses, transport, SipStackFactory.source(event), r -> {})
                .reply(refusal);
    }

    @Override
    public void processResponse(ResponseEvent event) {
        // Responses to our requests; stray ones (no client transaction) are dropped (RFC 3261 8.1.3.1).
        client.onResponse(event);
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        if (!event.isServerTransaction()) {
            client.onTimeout(event.getClientTransaction());
        }
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        log.info("Transport error towards {}:{}/{}", event.getHost(), event.getPort(), event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        if (!event.isServerTransaction()) {
            client.onTerminated(event.getClientTransaction());
        }
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        // Automatic dialog support is off: the stack makes no dialogs.
    }
}
