package net.cpmpf.sipedge.largemessage;

import java.net.DatagramSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.AddressFactory;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import net.cpmpf.sipedge.sip.SipStackFactory;

/**
 * A SIP user agent for tests, on the JAIN-SIP RI with its own dialog layer (so it behaves as an independent UA, not
 * as our edge): as originator it sends an INVITE, ACKs the 2xx and sends BYE; as a client it answers INVITEs as its
 * {@link Answer} says, takes CANCEL and BYE, and answers other requests (MESSAGE) 200; as a device it registers
 * (lab mode). Everything it receives is queued for the test to look at. Public for the local stack's end-to-end
 * tests (cpm-local), which use it through this module's test-jar.
 */
public final class SipTestUa implements SipListener, AutoCloseable {

    /** How a client answers an INVITE: a status (1xx: ring and wait for CANCEL) and, for 200, its SDP. */
    public record Answer(int status, Duration after, byte[] sdp) {}

    private static final AtomicInteger STACKS = new AtomicInteger();

    public final String user;
    public final int port;
    public final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    public final BlockingQueue<Response> responses = new LinkedBlockingQueue<>();
    private final SipStack stack;
    private final SipProvider provider;
    private final MessageFactory messages;
    private final HeaderFactory headers;
    private final AddressFactory addresses;
    private final Function<Request, Answer> answers;
    private final Map<String, ServerTransaction> ringing = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger registerCSeq = new AtomicInteger();
    private final CallIdHeader registerCallId;
    private volatile Dialog dialog;

    public SipTestUa(String user, Function<Request, Answer> answers) throws Exception {
        this(user, answers, 0);
    }

    /** @param edgePort where every request goes (the RI's outbound proxy), or 0 to send as addressed */
    public SipTestUa(String user, Function<Request, Answer> answers, int edgePort) throws Exception {
        this.user = user;
        this.answers = answers;
        try (var probe = new DatagramSocket(0)) {
            this.port = probe.getLocalPort();
        }
        Properties properties = new Properties();
        properties.setProperty("javax.sip.STACK_NAME", "test-ua-" + STACKS.incrementAndGet());
        properties.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
        if (edgePort > 0) {
            properties.setProperty("javax.sip.OUTBOUND_PROXY", "127.0.0.1:" + edgePort + "/udp");
        }
        stack = SipStackFactory.createStack(properties);
        ListeningPoint point = stack.createListeningPoint("127.0.0.1", port, "udp");
        provider = stack.createSipProvider(point);
        provider.addSipListener(this);
        // Not SipStackFactory.messageFactory(): the RI keeps the Server header it sets in a static field, and the
        // edge's must stay the edge's.
        messages = SipFactory.getInstance().createMessageFactory();
        headers = SipStackFactory.headerFactory();
        addresses = SipStackFactory.addressFactory();
        stack.start();
        // One Call-ID for all of this UA's registrations, CSeq counting up (RFC 3261 §10.2).
        registerCallId = provider.getNewCallId();
    }

    public String uri() {
        return "sip:" + user + "@127.0.0.1:" + port;
    }

    /** Sends an INVITE for {@code requestUri} (through the edge: see the constructor). */
    public ClientTransaction invite(String requestUri, byte[] sdp, List<String> extraHeaders) throws Exception {
        Request invite = messages.createRequest(
                addresses.createURI(requestUri),
                Request.INVITE,
                provider.getNewCallId(),
                headers.createCSeqHeader(1L, Request.INVITE),
                headers.createFromHeader(addresses.createAddress("sip:alice@example.com"), "a" + port),
                headers.createToHeader(addresses.createAddress(requestUri), null),
                new ArrayList<>(List.of(headers.createViaHeader("127.0.0.1", port, "udp", null))),
                headers.createMaxForwardsHeader(70));
        invite.addHeader(headers.createContactHeader(addresses.createAddress(uri())));
        for (String line : extraHeaders) {
            int colon = line.indexOf(':');
            invite.addHeader(headers.createHeader(
                    line.substring(0, colon).strip(), line.substring(colon + 1).strip()));
        }
        invite.setContent(sdp, headers.createContentTypeHeader("application", "sdp"));
        ClientTransaction transaction = provider.getNewClientTransaction(invite);
        dialog = transaction.getDialog();
        transaction.sendRequest();
        return transaction;
    }

    /**
     * Registers this UA's URI as a contact of {@code aor} (lab mode: the edge is the registrar, reached as the outbound
     * proxy, see the constructor) and returns the final response.
     *
     * @param contactParameters what follows the Contact's URI, e.g. {@code +sip.instance="<urn:uuid:…>";+g.oma.sip-im}
     * @param expires the binding's duration in seconds; 0 removes it
     */
    public Response register(String aor, String contactParameters, int expires, Duration wait) throws Exception {
        Request register = messages.createRequest(
                addresses.createURI("sip:" + aor.substring(aor.indexOf('@') + 1)),
                Request.REGISTER,
                registerCallId,
                headers.createCSeqHeader(registerCSeq.incrementAndGet(), Request.REGISTER),
                headers.createFromHeader(addresses.createAddress(aor), "r" + port),
                headers.createToHeader(addresses.createAddress(aor), null),
                new ArrayList<>(List.of(headers.createViaHeader("127.0.0.1", port, "udp", null))),
                headers.createMaxForwardsHeader(70));
        register.addHeader(headers.createHeader("Contact", "<" + uri() + ">;" + contactParameters));
        register.addHeader(headers.createExpiresHeader(expires));
        register.addHeader(headers.createSupportedHeader("gruu"));
        provider.getNewClientTransaction(register).sendRequest();
        return finalResponse(wait);
    }

    /** The first final response within {@code wait}; provisional ones are skipped. */
    public Response finalResponse(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Response response = responses.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (response == null) {
                throw new AssertionError(user + ": no final response within " + wait);
            }
            if (response.getStatusCode() >= 200) {
                return response;
            }
        }
    }

    public void ack(Response ok) throws Exception {
        long cseq = ((CSeqHeader) ok.getHeader(CSeqHeader.NAME)).getSeqNumber();
        dialog.sendAck(dialog.createAck(cseq));
    }

    /** Sends BYE in the dialog of the INVITE; the response lands in {@link #responses}. */
    public void bye() throws Exception {
        ClientTransaction transaction = provider.getNewClientTransaction(dialog.createRequest(Request.BYE));
        dialog.sendRequest(transaction);
    }

    /** The next request of {@code method} within {@code wait}, skipping others. */
    public Request next(String method, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Request request = requests.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (request == null) {
                throw new AssertionError(user + ": no " + method + " within " + wait);
            }
            if (request.getMethod().equals(method)) {
                return request;
            }
        }
    }

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        requests.add(request);
        try {
            switch (request.getMethod()) {
                case Request.ACK -> {}
                case Request.INVITE -> answer(event);
                case Request.CANCEL -> {
                    respond(event, Response.OK, null);
                    ServerTransaction invite = ringing.remove(callId(request));
                    if (invite != null) {
                        invite.sendResponse(messages.createResponse(Response.REQUEST_TERMINATED, invite.getRequest()));
                    }
                }
                default -> respond(event, Response.OK, null);
            }
        } catch (Exception e) {
            throw new IllegalStateException(user + " could not answer " + request.getMethod(), e);
        }
    }

    private void answer(RequestEvent event) throws Exception {
        ServerTransaction transaction = provider.getNewServerTransaction(event.getRequest());
        Answer answer = answers.apply(event.getRequest());
        Response ringing = messages.createResponse(Response.RINGING, event.getRequest());
        ((javax.sip.header.ToHeader) ringing.getHeader("To")).setTag("t" + port);
        transaction.sendResponse(ringing);
        if (answer.status() < 200) {
            this.ringing.put(callId(event.getRequest()), transaction);
            return;
        }
        timer.schedule(
                () -> {
                    try {
                        Response response = messages.createResponse(answer.status(), event.getRequest());
                        ((javax.sip.header.ToHeader) response.getHeader("To")).setTag("t" + port);
                        if (answer.status() == 200) {
                            response.addHeader(headers.createContactHeader(addresses.createAddress(uri())));
                            response.setContent(answer.sdp(), headers.createContentTypeHeader("application", "sdp"));
                        }
                        transaction.sendResponse(response);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                },
                answer.after().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void respond(RequestEvent event, int status, ContentTypeHeader type) throws Exception {
        ServerTransaction transaction = event.getServerTransaction() != null
                ? event.getServerTransaction()
                : provider.getNewServerTransaction(event.getRequest());
        transaction.sendResponse(messages.createResponse(status, event.getRequest()));
    }

    private static String callId(Request request) {
        return ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
    }

    public static String header(javax.sip.message.Message message, String name) {
        Header header = message.getHeader(name);
        if (header == null) {
            return null;
        }
        String line = header.toString();
        return line.substring(line.indexOf(':') + 1).strip();
    }

    /** Every value of a header, joined by commas, as the RI keeps list headers apart. */
    public static String headers(javax.sip.message.Message message, String name) {
        List<String> values = new ArrayList<>();
        for (var it = message.getHeaders(name); it.hasNext(); ) {
            String line = it.next().toString();
            values.add(line.substring(line.indexOf(':') + 1).strip());
        }
        return String.join(", ", values);
    }

    public static String body(javax.sip.message.Message message) {
        byte[] raw = message.getRawContent();
        return raw == null ? "" : new String(raw, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public void processResponse(ResponseEvent event) {
        responses.add(event.getResponse());
    }

    @Override
    public void processTimeout(TimeoutEvent event) {}

    @Override
    public void processIOException(IOExceptionEvent event) {}

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {}

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {}

    @Override
    public void close() {
        timer.shutdownNow();
        stack.stop();
    }

    /** The Via branch, to tell requests apart in assertions. */
    public static String branch(Request request) {
        return ((ViaHeader) request.getHeader(ViaHeader.NAME)).getBranch();
    }
}
