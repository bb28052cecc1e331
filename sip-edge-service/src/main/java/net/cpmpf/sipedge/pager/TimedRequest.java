package net.cpmpf.sipedge.pager;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import net.cpmpf.events.SipHeader;
import net.cpmpf.sipedge.sip.InboundRequest;
import net.cpmpf.sipedge.sip.SipReply;

/**
 * A pager request that times itself: from its arrival to the final response the originator gets, whoever sends it
 * (a decision, a fork's first 2xx, a 202 after deferral, a 503). The end-to-end latency operators size for.
 */
final class TimedRequest implements InboundRequest {

    private final InboundRequest request;
    private final MeterRegistry meters;
    private final Timer.Sample started;

    TimedRequest(InboundRequest request, MeterRegistry meters) {
        this.request = request;
        this.meters = meters;
        this.started = Timer.start(meters);
    }

    static Timer timer(MeterRegistry meters, String statusClass) {
        return Timer.builder("cpm.edge.pager.latency")
                .description("MESSAGE arrival to final response")
                .tag("status", statusClass)
                .publishPercentileHistogram()
                .register(meters);
    }

    @Override
    public boolean reply(SipReply reply) {
        boolean sent = request.reply(reply);
        if (sent) {
            started.stop(timer(meters, reply.status() / 100 + "xx"));
        }
        return sent;
    }

    @Override
    public String method() {
        return request.method();
    }

    @Override
    public String requestUri() {
        return request.requestUri();
    }

    @Override
    public Optional<String> header(String name) {
        return request.header(name);
    }

    @Override
    public List<String> headers(String name) {
        return request.headers(name);
    }

    @Override
    public List<SipHeader> endToEndHeaders() {
        return request.endToEndHeaders();
    }

    @Override
    public String contentType() {
        return request.contentType();
    }

    @Override
    public byte[] body() {
        return request.body();
    }

    @Override
    public String transport() {
        return request.transport();
    }

    @Override
    public InetSocketAddress source() {
        return request.source();
    }
}
