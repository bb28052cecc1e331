package net.cpmpf.sipedge.pager;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import net.cpmpf.events.DeliveryOutcome;
import net.cpmpf.events.ForkCommand;
import net.cpmpf.events.ForkTarget;
import net.cpmpf.events.InboundMessage;
import net.cpmpf.events.SipHeader;
import net.cpmpf.events.Topics;
import net.cpmpf.sipedge.backbone.Publisher;
import net.cpmpf.sipedge.sip.InboundRequest;
import net.cpmpf.sipedge.sip.NameAddr;
import net.cpmpf.sipedge.sip.OutboundRequest;
import net.cpmpf.sipedge.sip.SipClient;
import net.cpmpf.sipedge.sip.SipReply;
import net.cpmpf.sipedge.system.EdgeProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Carries out a {@link ForkCommand} (CR 8.3.2.1 step 5): a copy of the MESSAGE to each target, the first 2xx relayed
 * upstream at once, every later final absorbed. When no branch succeeds the command's deferral is published and the
 * originator gets 202 once the backbone has it; a command without one gets the best failure relayed. Then, when the
 * command asks for history, the outcome goes to the backbone.
 */
@Component
class Forker {

    private static final Logger log = LoggerFactory.getLogger(Forker.class);
    private static final String BRANCH_COOKIE = "z9hG4bK";

    /** Built by the client transaction for each copy, or meaningless beyond the hop they came in on. */
    private static final Set<String> NOT_COPIED =
            Set.of("from", "to", "call-id", "cseq", "contact", "content-type", "content-length", "max-forwards");

    private final SipClient sip;
    private final Publisher publisher;
    private final MeterRegistry meters;
    private final EdgeProperties.Fork config;
    private final List<String> route;
    private final SipReply unavailable;

    Forker(SipClient sip, Publisher publisher, EdgeProperties properties, MeterRegistry meters) {
        this.sip = sip;
        this.publisher = publisher;
        this.meters = meters;
        this.config = properties.fork();
        String proxy = properties.core().outboundProxy();
        this.route = proxy.isBlank() ? List.of() : List.of(proxy);
        this.unavailable = SipReply.unavailable(properties.backbone().retryAfter());
        for (String outcome : new String[] {"delivered", "deferred", "failed"}) {
            meters.counter("cpm.edge.fork.outcomes", "outcome", outcome);
        }
    }

    void fork(InboundRequest request, InboundMessage message, ForkCommand command) {
        var fork = new Fork(command.targets().size());
        meters.summary("cpm.edge.fork.branches").record(command.targets().size());
        for (ForkTarget target : command.targets()) {
            sip.send(copy(message, target))
                    .orTimeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((response, error) -> {
                        boolean relay;
                        boolean complete;
                        synchronized (fork) {
                            if (error == null) {
                                relay = fork.onResponse(target, response);
                            } else {
                                relay = false;
                                fork.onError(error);
                                log.debug(
                                        "Branch {} of {} failed: {}",
                                        target.requestUri(),
                                        command.correlationId(),
                                        error.toString());
                            }
                            complete = fork.complete();
                        }
                        if (relay) {
                            request.reply(new SipReply(response.status(), response.reason(), List.of(), null, null));
                        }
                        if (complete) {
                            finish(request, message, command, fork);
                        }
                    });
        }
    }

    /**
     * One copy, the same whenever the same message is forked to the same target: after an edge restart the
     * originator's retransmission is forked again, and the device must see the request it answered before (same
     * Call-ID, From tag, CSeq and branch: a retransmission, RFC 3261 §17.2.3), not a second message.
     */
    private OutboundRequest copy(InboundMessage message, ForkTarget target) {
        List<SipHeader> headers = new ArrayList<>();
        // The message's headers, not the request's: screened at the trust domain's edge (RFC 3325).
        for (SipHeader header : message.headers()) {
            if (!NOT_COPIED.contains(header.name().toLowerCase(Locale.ROOT))) {
                headers.add(header);
            }
        }
        String from = message.from();
        // Each copy is its own request: devices played by one UA must not take copies for retransmissions.
        String copyId = message.correlationId() + "-" + shortHash(target.requestUri());
        return new OutboundRequest(
                "MESSAGE",
                target.requestUri(),
                NameAddr.address(from),
                NameAddr.tag(from).orElseGet(() -> shortHash(message.correlationId())),
                NameAddr.address(message.to()),
                null,
                copyId,
                1,
                route,
                headers,
                message.contentType(),
                message.body(),
                BRANCH_COOKIE
                        + UUID.nameUUIDFromBytes(copyId.getBytes(UTF_8))
                                .toString()
                                .replace("-", ""));
    }

    private static String shortHash(String value) {
        return UUID.nameUUIDFromBytes(value.getBytes(UTF_8)).toString().substring(0, 8);
    }

    private void finish(InboundRequest request, InboundMessage message, ForkCommand command, Fork fork) {
        var winner = fork.winner();
        if (winner.isPresent()) {
            outcome(message, command, 200, winner.get(), false);
            return;
        }
        var deferral = command.deferralOf(message);
        if (deferral == null) {
            var failure = fork.bestFailure();
            request.reply(new SipReply(failure.status(), failure.reason(), failure.headers(), null, null));
            outcome(message, command, failure.status(), null, false);
            return;
        }
        // The 202 promises the message is kept: it goes out only once the deferral is on the backbone.
        publisher
                .send(Topics.DEFERRALS, message.recipient(), deferral, config.deferralTimeout())
                .whenComplete((sent, error) -> {
                    if (error != null) {
                        log.warn("Could not defer {}: {}", command.correlationId(), error.toString());
                        request.reply(unavailable);
                        outcome(message, command, 503, null, false);
                    } else {
                        request.reply(SipReply.of(202, "Accepted"));
                        outcome(message, command, 202, null, true);
                    }
                });
    }

    private void outcome(InboundMessage message, ForkCommand command, int status, ForkTarget winner, boolean deferred) {
        meters.counter(
                        "cpm.edge.fork.outcomes",
                        "outcome",
                        winner != null ? "delivered" : deferred ? "deferred" : "failed")
                .increment();
        if (!command.history()) {
            return; // Only the history needs the outcome: one Kafka write and read less per message without it.
        }
        var outcome = new DeliveryOutcome(message, status, winner, deferred, command.sender(), command.history());
        publisher
                .send(Topics.DELIVERY_OUTCOMES, message.recipient(), outcome, config.deferralTimeout())
                .whenComplete((sent, error) -> {
                    if (error != null) {
                        log.warn("Outcome of {} not published: {}", command.correlationId(), error.toString());
                    }
                });
    }
}
