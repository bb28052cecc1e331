package net.cpmpf.sipedge.largemessage;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.cpmpf.events.ForkTarget;
import net.cpmpf.events.LargeMessageFeature;
import net.cpmpf.events.RequestOutcome;
import net.cpmpf.events.SendLargeMessageCommand;
import net.cpmpf.events.SipHeader;
import net.cpmpf.events.Topics;
import net.cpmpf.msrp.MsrpUri;
import net.cpmpf.sipedge.backbone.Publisher;
import net.cpmpf.sipedge.msrp.MsrpNode;
import net.cpmpf.sipedge.sip.NameAddr;
import net.cpmpf.sipedge.sip.OutboundRequest;
import net.cpmpf.sipedge.sip.OutgoingInvite;
import net.cpmpf.sipedge.sip.SipClient;
import net.cpmpf.sipedge.sip.SipResponse;
import net.cpmpf.sipedge.system.EdgeProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Later delivery of a deferred large message (CR 8.3.2.4.x: "large messages as INVITE + MSRP from the PF"): an INVITE
 * with the large-message feature tag and the PF's own offer ({@code sendonly}, {@code setup:active}) to the device's
 * GRUU; on 200 the ACK, then the content in SEND chunks over a connection the PF opens to the device's path, then BYE.
 * The outcome goes to {@link Topics#REQUEST_OUTCOMES} with the command's correlation id, so the defer service's
 * per-device tracking works as for a pager message: 200 when every chunk was answered 200, else the INVITE's failure,
 * 488 for an answer without a usable MSRP description, the MSRP error, 408 or 503. A command seen again is not run
 * again while this edge remembers it.
 */
@Component
public class LargeMessageSender {

    private static final Logger log = LoggerFactory.getLogger(LargeMessageSender.class);
    private static final int REMEMBERED = 10_000;

    private final SipClient sip;
    private final MsrpNode msrp;
    private final Publisher publisher;
    private final MeterRegistry meters;
    private final Duration ringTimeout;
    private final Duration publishTimeout;
    private final Duration deliveryTimeout;
    private final int chunkBytes;
    private final List<String> route;
    private final Set<String> seen = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });

    LargeMessageSender(
            SipClient sip, MsrpNode msrp, Publisher publisher, EdgeProperties properties, MeterRegistry meters) {
        this.sip = sip;
        this.msrp = msrp;
        this.publisher = publisher;
        this.meters = meters;
        var config = properties.largeMessage();
        this.ringTimeout = config.ringTimeout();
        this.publishTimeout = config.deferralTimeout();
        this.deliveryTimeout = config.deliveryTimeout();
        this.chunkBytes = (int) config.deliveryChunkSize().toBytes();
        String proxy = properties.core().outboundProxy();
        this.route = proxy.isBlank() ? List.of() : List.of(proxy);
    }

    public void send(SendLargeMessageCommand command) {
        synchronized (seen) {
            if (!seen.add(command.correlationId())) {
                log.debug("Command {} seen before; not sent again", command.correlationId());
                return;
            }
        }
        MsrpUri own = msrp.newUri();
        var request = new OutboundRequest(
                "INVITE",
                command.requestUri(),
                NameAddr.address(command.from()),
                UUID.randomUUID().toString().substring(0, 8),
                NameAddr.address(command.to()),
                null,
                UUID.randomUUID() + "@cpm-pf",
                Leg.INVITE_CSEQ,
                route,
                headers(command.headers()),
                "application/sdp",
                MsrpSdp.senderOffer(own, command.contentType()));
        var leg = new Leg(new ForkTarget(command.requestUri(), null), own, request);
        OutgoingInvite invite = sip.invite(request);
        invite.answer().orTimeout(ringTimeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((response, error) -> {
            if (error != null) {
                invite.cancel();
                outcome(command, error instanceof TimeoutException ? 408 : 503, error.toString());
            } else if (!response.isSuccess()) {
                outcome(command, response.status(), response.reason());
            } else {
                answered(command, leg, own, response);
            }
        });
    }

    private void answered(SendLargeMessageCommand command, Leg leg, MsrpUri own, SipResponse ok) {
        Dialog dialog = leg.confirm(ok);
        sip.ack(dialog.ack(Leg.INVITE_CSEQ));
        MsrpSdp.Media device;
        try {
            device = MsrpSdp.parse(ok.body());
        } catch (MsrpSdp.UnusableSdpException e) {
            bye(dialog);
            outcome(command, 488, "device answered no usable MSRP: " + e.getMessage());
            return;
        }
        msrp.deliver(own, device.path(), command.contentType(), command.content(), chunkBytes, deliveryTimeout)
                .whenComplete((status, error) -> {
                    bye(dialog);
                    int result = status == null ? 503 : status;
                    outcome(command, result, result == 200 ? "OK" : "MSRP transfer ended with " + result);
                });
    }

    /** The original request's end-to-end headers, less what this INVITE states itself; and the feature tag. */
    private static List<SipHeader> headers(List<SipHeader> original) {
        List<SipHeader> headers = new ArrayList<>();
        for (SipHeader header : original) {
            String name = header.name().toLowerCase(Locale.ROOT);
            if (!LargeMessageSession.NOT_COPIED.contains(name) && !name.equals("accept-contact")) {
                headers.add(header);
            }
        }
        headers.add(new SipHeader("Accept-Contact", "*;" + LargeMessageFeature.TAG));
        return headers;
    }

    private void bye(Dialog dialog) {
        sip.send(dialog.next("BYE"))
                .orTimeout(ringTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((response, error) -> {
                    if (error != null) {
                        log.debug("BYE in {} not answered: {}", dialog.callId(), error.toString());
                    }
                });
    }

    private void outcome(SendLargeMessageCommand command, int status, String reason) {
        log.info("Large message {} to {}: {} {}", command.correlationId(), command.requestUri(), status, reason);
        meters.counter("cpm.edge.largemessage.delivered", "class", status / 100 + "xx")
                .increment();
        var outcome = new RequestOutcome(command.correlationId(), command.purpose(), command.key(), status, reason);
        publisher
                .send(Topics.REQUEST_OUTCOMES, outcome.key(), outcome, publishTimeout)
                .whenComplete((sent, error) -> {
                    if (error != null) {
                        log.warn("Outcome of {} not published: {}", outcome.correlationId(), error.toString());
                    }
                });
    }
}
