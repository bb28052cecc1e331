package net.cpmpf.sipedge.sip;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.cpmpf.events.SipHeader;

/** An inbound request built in a test, recording its replies. */
public final class FakeRequest implements InboundRequest {

    public final List<SipReply> replies = new ArrayList<>();
    private final String method;
    private final List<SipHeader> headers;
    private final byte[] body;
    private final InetSocketAddress source;

    public FakeRequest(String method, List<SipHeader> headers, byte[] body, InetSocketAddress source) {
        this.method = method;
        this.headers = headers;
        this.body = body;
        this.source = source;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String requestUri() {
        return "sip:127.0.0.1:5060";
    }

    @Override
    public Optional<String> header(String name) {
        return headers(name).stream().findFirst();
    }

    @Override
    public List<String> headers(String name) {
        return headers.stream()
                .filter(h -> h.name().equalsIgnoreCase(name))
                .map(SipHeader::value)
                .toList();
    }

    @Override
    public List<SipHeader> endToEndHeaders() {
        return headers;
    }

    @Override
    public String contentType() {
        return header("Content-Type").orElse(null);
    }

    @Override
    public byte[] body() {
        return body;
    }

    @Override
    public String transport() {
        return "udp";
    }

    @Override
    public InetSocketAddress source() {
        return source;
    }

    @Override
    public synchronized boolean reply(SipReply reply) {
        replies.add(reply);
        return replies.size() == 1;
    }
}
