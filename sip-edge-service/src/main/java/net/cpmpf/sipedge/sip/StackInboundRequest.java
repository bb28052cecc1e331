package net.cpmpf.sipedge.sip;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javax.sip.InvalidArgumentException;
import javax.sip.SipException;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.Header;
import javax.sip.message.Request;
import javax.sip.message.Response;
import net.cpmpf.events.SipHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An {@link InboundRequest} backed by a JAIN-SIP server transaction. */
final class StackInboundRequest implements InboundRequest {

    private static final Logger log = LoggerFactory.getLogger(StackInboundRequest.class);

    /** Where the response goes: the server transaction, or the provider for a stateless answer. */
    @FunctionalInterface
    interface Sender {
        void send(Response response) throws SipException, InvalidArgumentException;
    }

    private final Request request;
    private final Sender sender;
    private final ResponseFactory responses;
    private final String transport;
    private final InetSocketAddress source;
    private final String toTag = ResponseFactory.newTag();
    private final AtomicBoolean answered = new AtomicBoolean();
    private final Consumer<StackInboundRequest> onAnswered;
    private volatile Runnable onCancelled = () -> {};

    StackInboundRequest(
            Request request,
            Sender sender,
            ResponseFactory responses,
            String transport,
            InetSocketAddress source,
            Consumer<StackInboundRequest> onAnswered) {
        this.request = request;
        this.sender = sender;
        this.responses = responses;
        this.transport = transport;
        this.source = source;
        this.onAnswered = onAnswered;
    }

    Request stackRequest() {
        return request;
    }

    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public String requestUri() {
        return request.getRequestURI().toString();
    }

    @Override
    public Optional<String> header(String name) {
        Header header = request.getHeader(HeaderNames.longForm(name));
        return Optional.ofNullable(header).map(HeaderValues::value);
    }

    @Override
    public List<String> headers(String name) {
        String longName = HeaderNames.longForm(name);
        List<String> values = new ArrayList<>();
        for (Iterator<?> it = request.getHeaders(longName); it.hasNext(); ) {
            values.addAll(HeaderValues.split(longName, HeaderValues.value((Header) it.next())));
        }
        return values;
    }

    @Override
    public List<SipHeader> endToEndHeaders() {
        List<SipHeader> all = new ArrayList<>();
        for (Iterator<?> names = request.getHeaderNames(); names.hasNext(); ) {
            String name = HeaderNames.longForm((String) names.next());
            if (HeaderNames.isHopByHop(name)) {
                continue;
            }
            for (Iterator<?> it = request.getHeaders(name); it.hasNext(); ) {
                all.add(new SipHeader(name, HeaderValues.value((Header) it.next())));
            }
        }
        return all;
    }

    @Override
    public String contentType() {
        ContentTypeHeader type = (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME);
        return type == null || body().length == 0 ? null : HeaderValues.value(type);
    }

    @Override
    public byte[] body() {
        byte[] raw = request.getRawContent();
        return raw == null ? new byte[0] : raw.clone();
    }

    @Override
    public String transport() {
        return transport;
    }

    @Override
    public InetSocketAddress source() {
        return source;
    }

    @Override
    public boolean reply(SipReply reply) {
        Response response = responses.create(request, reply, toTag);
        if (!answered.compareAndSet(false, true)) {
            return false;
        }
        onAnswered.accept(this);
        try {
            sender.send(response);
            return true;
        } catch (SipException | InvalidArgumentException | RuntimeException e) {
            // The transaction may have ended (timer, transport error) while a feature was deciding.
            log.warn("Could not send {} to {}: {}", reply.status(), this, e.toString());
            return false;
        }
    }

    @Override
    public String localTag() {
        return toTag;
    }

    @Override
    public void whenCancelled(Runnable action) {
        onCancelled = action;
    }

    /** A CANCEL ended this request with 487. */
    void cancelled() {
        onCancelled.run();
    }

    @Override
    public String toString() {
        return method() + " " + requestUri() + " from " + transport + ":" + source;
    }
}
