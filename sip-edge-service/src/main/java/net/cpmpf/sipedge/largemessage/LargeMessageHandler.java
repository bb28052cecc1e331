package net.cpmpf.sipedge.largemessage;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.cpmpf.events.CpmAddress;
import net.cpmpf.events.DeferLargeMessageCommand;
import net.cpmpf.events.FinalResponseCommand;
import net.cpmpf.events.ForkCommand;
import net.cpmpf.events.InboundMessage;
import net.cpmpf.events.LargeMessageFeature;
import net.cpmpf.events.SipHeader;
import net.cpmpf.events.Topics;
import net.cpmpf.sipedge.backbone.BackboneClient;
import net.cpmpf.sipedge.backbone.InboundMessages;
import net.cpmpf.sipedge.backbone.Publisher;
import net.cpmpf.sipedge.msrp.MsrpNode;
import net.cpmpf.sipedge.sip.InboundRequest;
import net.cpmpf.sipedge.sip.NameAddr;
import net.cpmpf.sipedge.sip.SipClient;
import net.cpmpf.sipedge.sip.SipEndpoint;
import net.cpmpf.sipedge.sip.SipReply;
import net.cpmpf.sipedge.sip.SipRequestHandler;
import net.cpmpf.sipedge.system.EdgeProperties;
import net.cpmpf.sipedge.trust.AssertedIdentities;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Large Message Mode (CR 8.3.2.1.1) at the edge: an INVITE with the large-message feature tag and an MSRP offer goes
 * to the backbone for the policy checks and the choice of clients, like a pager message; a {@link ForkCommand} starts
 * the B2BUA ({@link LargeMessageSession}), a {@link DeferLargeMessageCommand} makes the PF the MSRP endpoint that
 * receives the message for deferral, any other answer is relayed. In-dialog BYE, INVITE and UPDATE go to their
 * session. What the edge refuses by itself, before the backbone: no feature tag or no usable MSRP offer (488), a
 * Session-Expires below Min-SE (422, RFC 4028), a full MSRP node (503).
 */
@Component
public class LargeMessageHandler implements SipRequestHandler {

    private static final Logger log = LoggerFactory.getLogger(LargeMessageHandler.class);
    private static final SipReply NO_SESSION = SipReply.of(481, "Call/Transaction Does Not Exist");

    private final BackboneClient backbone;
    private final AssertedIdentities identities;
    private final EdgeProperties properties;
    private final LargeMessageSessions sessions = new LargeMessageSessions();
    private final B2bua b2bua;
    private final SipReply unavailable;
    private final SipReply overloaded;
    private final Clock clock = Clock.systemUTC();

    LargeMessageHandler(
            BackboneClient backbone,
            AssertedIdentities identities,
            SipClient sip,
            MsrpNode msrp,
            ObjectProvider<SipEndpoint> endpoint,
            EdgeProperties properties,
            Publisher publisher,
            MeterRegistry meters) {
        this.backbone = backbone;
        this.identities = identities;
        this.properties = properties;
        String proxy = properties.core().outboundProxy();
        this.b2bua = new B2bua(
                sip,
                msrp,
                sessions,
                properties.largeMessage().ringTimeout(),
                proxy.isBlank() ? List.of() : List.of(proxy),
                () -> endpoint.getObject().allow(),
                new ContentDeferral(publisher, properties.largeMessage().deferralTimeout()),
                properties.largeMessage().maxDeferredSize().toBytes());
        this.unavailable = SipReply.unavailable(properties.backbone().retryAfter());
        this.overloaded = SipReply.unavailable(properties.backbone().admission().retryAfter());
        Gauge.builder("cpm.edge.largemessage.sessions", sessions, LargeMessageSessions::size)
                .description("Large Message Mode B2BUA sessions")
                .register(meters);
    }

    @Override
    public Set<String> methods() {
        return Set.of("INVITE", "BYE", "UPDATE");
    }

    /** B2BUA sessions held now, from the INVITE to the last BYE. */
    public int sessionCount() {
        return sessions.size();
    }

    @Override
    public void handle(InboundRequest request) {
        String callId = request.header("Call-ID").orElse("");
        boolean inDialog = request.header("To").flatMap(NameAddr::tag).isPresent();
        switch (request.method()) {
            case "BYE" -> sessions.find(callId).ifPresentOrElse(s -> s.bye(request), () -> request.reply(NO_SESSION));
            case "UPDATE" ->
                sessions.find(callId).ifPresentOrElse(s -> s.refresh(request), () -> request.reply(NO_SESSION));
            default -> {
                if (inDialog) {
                    sessions.find(callId).ifPresentOrElse(s -> s.refresh(request), () -> request.reply(NO_SESSION));
                } else {
                    invite(request);
                }
            }
        }
    }

    @Override
    public void acknowledged(InboundRequest ack) {
        // The 2xx needs no retransmission once acknowledged: the stack's transaction layer keeps none for it anyway.
        log.trace("ACK for {}", ack.header("Call-ID").orElse(""));
    }

    private void invite(InboundRequest request) {
        List<String> tags = new ArrayList<>(request.headers("Accept-Contact"));
        tags.addAll(request.headers("Contact"));
        if (!LargeMessageFeature.requested(tags)) {
            request.reply(notAcceptable("only Large Message Mode sessions are served"));
            return;
        }
        String recipient;
        MsrpSdp.Media offer;
        SessionTimer.Negotiation timer;
        try {
            recipient = CpmAddress.normalize(request.requestUri());
        } catch (IllegalArgumentException e) {
            request.reply(SipReply.of(404, "Not Found"));
            return;
        }
        try {
            offer = MsrpSdp.parse(request.body());
        } catch (MsrpSdp.UnusableSdpException e) {
            request.reply(notAcceptable(e.getMessage()));
            return;
        }
        try {
            var config = properties.largeMessage();
            timer = SessionTimer.negotiate(
                    request.header("Session-Expires"),
                    request.header("Min-SE"),
                    config.minSessionExpires(),
                    config.maxSessionExpires());
        } catch (IllegalArgumentException e) {
            request.reply(SipReply.of(400, "Bad Request (" + e.getMessage() + ")"));
            return;
        }
        if (timer.refused()) {
            request.reply(SipReply.of(
                    422,
                    "Session Interval Too Small",
                    new SipHeader("Min-SE", Long.toString(timer.tooSmallMinSe().get()))));
            return;
        }
        if (!b2bua.msrp().hasCapacity()) {
            request.reply(unavailable);
            return;
        }
        decide(request, recipient, offer, timer.timer());
    }

    private void decide(InboundRequest request, String recipient, MsrpSdp.Media offer, Optional<SessionTimer> timer) {
        Instant receivedAt = clock.instant();
        var message = InboundMessages.of(
                request,
                recipient,
                backbone.replyAddress(),
                receivedAt,
                properties.backbone().replyTimeout(),
                identities,
                InboundMessage.Mode.LARGE_MESSAGE);
        var session = new LargeMessageSession(b2bua, request, message, offer, timer);
        sessions.add(session, message.callId());
        request.whenCancelled(session::cancelled);
        backbone.request(Topics.INBOUND_MESSAGES, recipient, message).whenComplete((command, error) -> {
            if (error != null) {
                sessions.remove(session);
                if (error instanceof BackboneClient.BackboneOverloadedException) {
                    request.reply(overloaded);
                    return;
                }
                log.warn("No decision for large message {}: {}", message.correlationId(), error.toString());
                request.reply(unavailable);
            } else if (command instanceof ForkCommand fork) {
                session.fork(fork);
            } else if (command instanceof DeferLargeMessageCommand defer) {
                session.defer(defer.deferralOf(message));
            } else {
                sessions.remove(session);
                request.reply(toReply(command));
            }
        });
    }

    private SipReply notAcceptable(String why) {
        String agent = properties.sip().advertised();
        return SipReply.of(
                488,
                "Not Acceptable Here",
                new SipHeader("Warning", "399 " + agent + " \"" + why.replace("\"", "'") + "\""));
    }

    private static SipReply toReply(Object command) {
        if (command instanceof FinalResponseCommand response) {
            return new SipReply(
                    response.status(), response.reason(), response.headers(), response.contentType(), response.body());
        }
        return SipReply.of(500, "Server Internal Error");
    }
}
