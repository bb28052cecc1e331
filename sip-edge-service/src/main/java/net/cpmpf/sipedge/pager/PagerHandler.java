package net.cpmpf.sipedge.pager;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import net.cpmpf.events.CpmAddress;
import net.cpmpf.events.EdgeCommand;
import net.cpmpf.events.FinalResponseCommand;
import net.cpmpf.events.ForkCommand;
import net.cpmpf.events.InboundMessage;
import net.cpmpf.events.Topics;
import net.cpmpf.sipedge.backbone.BackboneClient;
import net.cpmpf.sipedge.backbone.InboundMessages;
import net.cpmpf.sipedge.sip.InboundRequest;
import net.cpmpf.sipedge.sip.SipReply;
import net.cpmpf.sipedge.sip.SipRequestHandler;
import net.cpmpf.sipedge.system.EdgeProperties;
import net.cpmpf.sipedge.trust.AssertedIdentities;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Pager Mode (SIP MESSAGE) for a terminating user: the message goes to the backbone for a decision and the
 * transaction waits, without holding a thread, for the command that settles it: a final response, or a fork to the
 * user's clients. Whatever goes wrong on the way, the originator gets an answer: 503 with Retry-After when no
 * decision came.
 */
@Component
class PagerHandler implements SipRequestHandler {

    private static final Logger log = LoggerFactory.getLogger(PagerHandler.class);

    private final BackboneClient backbone;
    private final Clock clock;
    private final SipReply unavailable;
    private final SipReply overloaded;
    private final MeterRegistry meters;
    private final Forker forker;
    private final Duration replyTimeout;
    private final AssertedIdentities identities;

    PagerHandler(
            BackboneClient backbone,
            Forker forker,
            AssertedIdentities identities,
            EdgeProperties properties,
            MeterRegistry meters) {
        this.backbone = backbone;
        this.identities = identities;
        this.forker = forker;
        this.replyTimeout = properties.backbone().replyTimeout();
        this.clock = Clock.systemUTC();
        this.meters = meters;
        this.unavailable = SipReply.unavailable(properties.backbone().retryAfter());
        this.overloaded = SipReply.unavailable(properties.backbone().admission().retryAfter());
        // Registered up front, so that dashboards show zero rather than nothing.
        for (String statusClass : new String[] {"2xx", "4xx", "5xx"}) {
            TimedRequest.timer(meters, statusClass);
        }
    }

    @Override
    public Set<String> methods() {
        return Set.of("MESSAGE");
    }

    @Override
    public void handle(InboundRequest received) {
        InboundRequest request = new TimedRequest(received, meters);
        String recipient;
        try {
            recipient = CpmAddress.normalize(request.requestUri());
        } catch (IllegalArgumentException e) {
            request.reply(SipReply.of(404, "Not Found"));
            return;
        }
        Instant receivedAt = clock.instant();
        var message = InboundMessages.of(
                request,
                recipient,
                backbone.replyAddress(),
                receivedAt,
                replyTimeout,
                identities,
                InboundMessage.Mode.PAGER);
        Timer.Sample decision = Timer.start(meters);
        backbone.request(Topics.INBOUND_MESSAGES, recipient, message).whenComplete((command, error) -> {
            if (error == null) {
                decision.stop(meters.timer("cpm.edge.decision", "outcome", "answered"));
                if (command instanceof ForkCommand fork) {
                    forker.fork(request, message, fork);
                } else {
                    request.reply(toReply(command));
                }
                return;
            }
            String cause = cause(error);
            decision.stop(meters.timer("cpm.edge.decision", "outcome", cause));
            if (error instanceof BackboneClient.BackboneOverloadedException) {
                request.reply(overloaded); // counted, not logged: under overload that would be a line per message
                return;
            }
            if (!(error instanceof CallNotPermittedException)) {
                log.warn("No decision for {}: {}", message.correlationId(), error.toString());
            }
            request.reply(unavailable);
        });
    }

    private static SipReply toReply(EdgeCommand command) {
        if (command instanceof FinalResponseCommand response) {
            return new SipReply(
                    response.status(), response.reason(), response.headers(), response.contentType(), response.body());
        }
        return SipReply.of(500, "Server Internal Error");
    }

    private static String cause(Throwable error) {
        if (error instanceof TimeoutException) {
            return "timeout";
        }
        if (error instanceof CallNotPermittedException) {
            return "circuit_open";
        }
        if (error instanceof BackboneClient.BackboneOverloadedException) {
            return "overloaded";
        }
        return "publish_failed";
    }
}
