package net.cpmpf.sipedge.outbound;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.cpmpf.events.RequestOutcome;
import net.cpmpf.events.SendRequestCommand;
import net.cpmpf.events.Topics;
import net.cpmpf.sipedge.backbone.Publisher;
import net.cpmpf.sipedge.sip.OutboundRequest;
import net.cpmpf.sipedge.sip.SipClient;
import net.cpmpf.sipedge.system.EdgeProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Originates the requests the services ask for ({@link SendRequestCommand}: deferred messages for devices, system
 * messages) and reports how each ended. A command seen again (the command partition is read at least once) is not
 * sent again while this edge remembers it, so a device does not get a copy twice for one command.
 */
@Component
public class RequestSender {

    private static final Logger log = LoggerFactory.getLogger(RequestSender.class);
    private static final int REMEMBERED = 10_000;

    private final SipClient sip;
    private final Publisher publisher;
    private final MeterRegistry meters;
    private final Duration timeout;
    private final String callIdHost;
    private final List<String> route;
    private final Set<String> seen = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });

    RequestSender(SipClient sip, Publisher publisher, EdgeProperties properties, MeterRegistry meters) {
        this.sip = sip;
        this.publisher = publisher;
        this.meters = meters;
        this.timeout = properties.fork().timeout();
        String proxy = properties.core().outboundProxy();
        this.route = proxy.isBlank() ? List.of() : List.of(proxy);
        this.callIdHost = hostOf(properties.core().identity());
        // Registered up front, so that dashboards show zero rather than nothing.
        for (String purpose : new String[] {"redelivery", "notification", "expiry-notice"}) {
            meters.counter("cpm.edge.originated", "purpose", purpose, "class", "2xx");
        }
    }

    public void send(SendRequestCommand command) {
        synchronized (seen) {
            if (!seen.add(command.correlationId())) {
                log.debug("Command {} seen before; not sent again", command.correlationId());
                return;
            }
        }
        var request = new OutboundRequest(
                command.method(),
                command.requestUri(),
                command.from(),
                UUID.randomUUID().toString().substring(0, 8),
                command.to(),
                null,
                command.correlationId() + "@" + callIdHost,
                1,
                route,
                command.headers(),
                command.contentType(),
                command.body());
        sip.send(request).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((response, error) -> {
            int status = error == null ? response.status() : error instanceof TimeoutException ? 408 : 503;
            String reason = error == null ? response.reason() : error.toString();
            meters.counter("cpm.edge.originated", "purpose", command.purpose(), "class", status / 100 + "xx")
                    .increment();
            publish(new RequestOutcome(command.correlationId(), command.purpose(), command.key(), status, reason));
        });
    }

    private void publish(RequestOutcome outcome) {
        publisher.send(Topics.REQUEST_OUTCOMES, outcome.key(), outcome, timeout).whenComplete((sent, error) -> {
            if (error != null) {
                log.warn("Outcome of {} not published: {}", outcome.correlationId(), error.toString());
            }
        });
    }

    private static String hostOf(String uri) {
        int at = uri.indexOf('@');
        String rest = at >= 0 ? uri.substring(at + 1) : uri.substring(uri.indexOf(':') + 1);
        int end = rest.indexOf(';');
        return end >= 0 ? rest.substring(0, end) : rest;
    }
}
