package net.cpmpf.sipedge.largemessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.cpmpf.events.ForkCommand;
import net.cpmpf.events.ForkTarget;
import net.cpmpf.events.InboundMessage;
import net.cpmpf.events.MessageDeferred;
import net.cpmpf.events.SipHeader;
import net.cpmpf.msrp.MsrpUri;
import net.cpmpf.sipedge.msrp.EndpointSession;
import net.cpmpf.sipedge.msrp.RelaySession;
import net.cpmpf.sipedge.pager.Fork;
import net.cpmpf.sipedge.sip.InboundRequest;
import net.cpmpf.sipedge.sip.NameAddr;
import net.cpmpf.sipedge.sip.OutboundRequest;
import net.cpmpf.sipedge.sip.SipReply;
import net.cpmpf.sipedge.sip.SipResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Large Message Mode session, with the PF as B2BUA (CR 8.3.2.1.1): an INVITE with the PF's own offer to each
 * selected client; the first 200 is acknowledged, the other branches cancelled (a late 200 is acknowledged and ended
 * with BYE), and the originator gets 200 with the PF's answer; the MSRP relay carries the content; a BYE from either
 * side ends the other (towards the client only once the relayed content is acknowledged). When every branch fails and
 * the command carries a deferral, or the command is to defer at once, the PF answers 200 itself and is the MSRP
 * endpoint ({@link EndpointSession}): the content it receives goes to the backbone for deferral ({@link
 * ContentDeferral}). All state changes happen under this object's lock; SIP and MSRP sends happen outside it.
 */
final class LargeMessageSession {

    private static final Logger log = LoggerFactory.getLogger(LargeMessageSession.class);

    /** Not copied to the legs: built for each leg, hop by hop, or about this side's session timer. */
    static final Set<String> NOT_COPIED = Set.of(
            "from",
            "to",
            "call-id",
            "cseq",
            "contact",
            "content-type",
            "content-length",
            "max-forwards",
            "session-expires",
            "min-se",
            "require",
            "proxy-require",
            "supported",
            "allow",
            "user-agent");

    private enum State {
        FORKING,
        ANSWERED,
        ENDED
    }

    private final B2bua b2bua;
    private final InboundRequest invite;
    private final InboundMessage message;
    private final MsrpSdp.Media offer;
    private final Optional<SessionTimer> timer;
    private final Dialog upstream;
    private final List<Leg> legs = new ArrayList<>();
    private Fork fork;
    private State state = State.FORKING;
    private Leg winner;
    private RelaySession relay;
    private MessageDeferred deferral;
    private EndpointSession endpoint;
    private byte[] answer;
    private boolean upstreamBye;
    private boolean clientBye;
    private long expiryGeneration;

    LargeMessageSession(
            B2bua b2bua,
            InboundRequest invite,
            InboundMessage message,
            MsrpSdp.Media offer,
            Optional<SessionTimer> timer) {
        this.b2bua = b2bua;
        this.invite = invite;
        this.message = message;
        this.offer = offer;
        this.timer = timer;
        this.upstream = Dialog.asServer(
                message.callId(),
                NameAddr.address(message.to()),
                invite.localTag(),
                NameAddr.address(message.from()),
                NameAddr.tag(message.from()).orElse(null),
                invite.header("Contact").orElse(message.from()),
                invite.headers("Record-Route"));
    }

    String upstreamCallId() {
        return upstream.callId();
    }

    /** Sends the INVITE of each branch (CR 8.3.2.1.1 step 6). */
    void fork(ForkCommand command) {
        List<Leg> started = new ArrayList<>();
        synchronized (this) {
            if (state != State.FORKING) {
                return;
            }
            fork = new Fork(command.targets().size());
            deferral = command.deferralOf(message);
            List<ForkTarget> targets = command.targets();
            for (int i = 0; i < targets.size(); i++) {
                MsrpUri uri = b2bua.msrp().newUri();
                Leg leg = new Leg(targets.get(i), uri, legInvite(targets.get(i), uri, i));
                legs.add(leg);
                b2bua.sessions().add(this, leg.callId());
                started.add(leg);
            }
            // Every branch has its transaction before any answer is looked at, so that each one can be cancelled.
            for (Leg leg : started) {
                leg.invite = b2bua.sip().invite(leg.request);
            }
        }
        for (Leg leg : started) {
            leg.invite.answer().whenComplete((response, error) -> answered(leg, response, error));
            CompletableFuture.delayedExecutor(b2bua.ringTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .execute(() -> ringTimeout(leg));
        }
    }

    private OutboundRequest legInvite(ForkTarget target, MsrpUri uri, int branch) {
        List<SipHeader> headers = new ArrayList<>();
        for (SipHeader header : message.headers()) {
            if (!NOT_COPIED.contains(header.name().toLowerCase(Locale.ROOT))) {
                headers.add(header);
            }
        }
        return new OutboundRequest(
                "INVITE",
                target.requestUri(),
                NameAddr.address(message.from()),
                UUID.randomUUID().toString().substring(0, 8),
                NameAddr.address(message.to()),
                null,
                message.correlationId() + "-" + branch,
                Leg.INVITE_CSEQ,
                b2bua.route(),
                headers,
                "application/sdp",
                MsrpSdp.offer(uri, offer));
    }

    private void ringTimeout(Leg leg) {
        boolean cancel;
        synchronized (this) {
            cancel = !leg.ended;
            if (cancel) {
                leg.ended = true;
                fork.onError(new TimeoutException("no answer from " + leg.target.requestUri()));
            }
        }
        if (cancel) {
            leg.invite.cancel();
            failedIfComplete();
        }
    }

    private void answered(Leg leg, SipResponse response, Throwable error) {
        if (response != null && response.isSuccess()) {
            ok(leg, response);
            return;
        }
        synchronized (this) {
            if (leg.ended) {
                return;
            }
            leg.ended = true;
            if (response != null) {
                fork.onResponse(leg.target, response);
            } else {
                fork.onError(error);
            }
        }
        failedIfComplete();
    }

    /** A 2xx from a client: the winner if it is the first while the originator still waits; else ended at once. */
    private void ok(Leg leg, SipResponse response) {
        Dialog dialog = leg.confirm(response);
        b2bua.sip().ack(dialog.ack(Leg.INVITE_CSEQ));
        MsrpSdp.Media client;
        try {
            client = MsrpSdp.parse(response.body());
        } catch (MsrpSdp.UnusableSdpException e) {
            log.info("Client {} answered unusable SDP: {}", leg.target.requestUri(), e.getMessage());
            bye(dialog);
            answered(leg, new SipResponse(488, "Not Acceptable Here", List.of(), null), null);
            return;
        }
        List<Leg> losers = new ArrayList<>();
        synchronized (this) {
            boolean wins = state == State.FORKING && winner == null;
            if (!leg.ended) {
                leg.ended = true;
                fork.onResponse(leg.target, response);
            }
            if (!wins) {
                losers.add(leg);
            } else {
                winner = leg;
                MsrpUri upstreamUri = b2bua.msrp().newUri();
                relay = b2bua.msrp().open(upstreamUri, leg.msrpUri, client.path(), this::mediaEnded);
                answer = MsrpSdp.answer(upstreamUri, client);
                state = State.ANSWERED;
            }
        }
        if (!losers.isEmpty()) {
            bye(dialog);
            return;
        }
        for (Leg other : legs) {
            if (other != leg) {
                other.invite.cancel();
            }
        }
        if (!invite.reply(ok(answer, timer))) {
            // The originator cancelled while the client answered.
            end("originator gone");
            return;
        }
        timer.ifPresent(this::scheduleExpiry);
    }

    private SipReply ok(byte[] sdp, Optional<SessionTimer> sessionTimer) {
        List<SipHeader> headers = new ArrayList<>();
        String contact = b2bua.sip().contactUri() + ("udp".equals(invite.transport()) ? "" : ";transport=tcp");
        headers.add(new SipHeader("Contact", "<" + contact + ">"));
        headers.add(new SipHeader("Allow", b2bua.allow().get()));
        sessionTimer.ifPresent(t -> headers.addAll(t.responseHeaders()));
        return new SipReply(200, "OK", headers, "application/sdp", sdp);
    }

    /**
     * No 2xx from any branch: with a deferral the PF becomes the endpoint (CR 8.3.2.1.1, "all clients answer with
     * errors"); without one the originator gets the best failure.
     */
    private void failedIfComplete() {
        SipResponse failure;
        MessageDeferred deferred;
        synchronized (this) {
            if (state != State.FORKING || !fork.complete() || fork.winner().isPresent()) {
                return;
            }
            deferred = deferral;
            failure = fork.bestFailure();
            if (deferred == null) {
                state = State.ENDED;
            }
        }
        if (deferred != null) {
            defer(deferred);
            return;
        }
        invite.reply(new SipReply(failure.status(), failure.reason(), failure.headers(), null, null));
        cleanUp();
    }

    /**
     * Defers the message: the PF answers 200 with its own MSRP endpoint and receives the content; once complete, it
     * goes to the backbone with {@code deferred}, and only then does the originator hear that it was received.
     */
    void defer(MessageDeferred deferred) {
        byte[] sdp;
        synchronized (this) {
            if (state != State.FORKING) {
                return;
            }
            MsrpUri own = b2bua.msrp().newUri();
            endpoint = b2bua.msrp().receive(own, b2bua.maxDeferredBytes(), new EndpointSession.Receiver() {
                @Override
                public CompletionStage<?> received(EndpointSession.Message content) {
                    log.debug(
                            "Large message {} received ({} bytes): deferring",
                            message.correlationId(),
                            content.content().length);
                    return b2bua.deferral().publish(deferred, content);
                }

                @Override
                public void ended(EndpointSession session, EndpointSession.EndReason reason) {
                    end("endpoint " + reason.name().toLowerCase(Locale.ROOT));
                }
            });
            answer = MsrpSdp.endpointAnswer(own, b2bua.maxDeferredBytes());
            sdp = answer;
            state = State.ANSWERED;
        }
        if (!invite.reply(ok(sdp, timer))) {
            end("originator gone");
            return;
        }
        timer.ifPresent(this::scheduleExpiry);
    }

    /** The originator's CANCEL ended the INVITE with 487: every branch goes. */
    void cancelled() {
        end("cancelled by the originator");
    }

    /** A BYE in this session: from the originator, or from the winning client. */
    void bye(InboundRequest bye) {
        bye.reply(SipReply.of(200, "OK"));
        boolean fromOriginator = upstream.callId().equals(bye.header("Call-ID").orElse(""));
        RelaySession media;
        Leg client;
        synchronized (this) {
            if (fromOriginator) {
                upstreamBye = true;
            } else {
                clientBye = true;
            }
            media = relay;
            client = winner;
        }
        if (fromOriginator && media != null && client != null) {
            // CR: the BYE to the client once the media is delivered to it.
            media.drain(() -> end("originator's BYE"));
        } else {
            end(fromOriginator ? "originator's BYE" : "client's BYE");
        }
    }

    /** An in-dialog INVITE or UPDATE: a session refresh (RFC 4028), answered with the same description. */
    void refresh(InboundRequest request) {
        byte[] sdp;
        boolean fromOriginator =
                upstream.callId().equals(request.header("Call-ID").orElse(""));
        synchronized (this) {
            if (state != State.ANSWERED) {
                sdp = null;
            } else {
                sdp = fromOriginator ? answer : winner == null ? null : winner.request.body();
            }
        }
        if (sdp == null) {
            request.reply(SipReply.of(481, "Call/Transaction Does Not Exist"));
            return;
        }
        Optional<SessionTimer> refreshed = fromOriginator ? timer : Optional.empty();
        SipReply ok = ok(sdp, refreshed);
        request.reply("UPDATE".equals(request.method()) ? new SipReply(200, "OK", ok.headers(), null, null) : ok);
        refreshed.ifPresent(this::scheduleExpiry);
    }

    private void scheduleExpiry(SessionTimer sessionTimer) {
        long generation;
        synchronized (this) {
            generation = ++expiryGeneration;
        }
        CompletableFuture.delayedExecutor(sessionTimer.interval().toMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> {
                    synchronized (this) {
                        if (generation != expiryGeneration) {
                            return;
                        }
                    }
                    end("session expired (RFC 4028)");
                });
    }

    private void mediaEnded(RelaySession session, RelaySession.EndReason reason) {
        end("media " + reason.name().toLowerCase(Locale.ROOT));
    }

    /**
     * Ends the whole session once: pending branches cancelled, the BYEs not received yet sent (to the originator only
     * once it has its 200), the relay released.
     */
    private void end(String why) {
        List<Leg> pending = new ArrayList<>();
        Dialog clientDialog;
        boolean byeUpstream;
        RelaySession media;
        EndpointSession receiving;
        synchronized (this) {
            if (state == State.ENDED) {
                return;
            }
            receiving = endpoint;
            boolean answered = state == State.ANSWERED;
            state = State.ENDED;
            for (Leg leg : legs) {
                if (leg != winner && !leg.ended) {
                    pending.add(leg);
                }
            }
            clientDialog = winner != null && !clientBye ? winner.dialog : null;
            byeUpstream = answered && !upstreamBye;
            media = relay;
        }
        log.debug("Large message session {} ends: {}", upstream.callId(), why);
        pending.forEach(leg -> leg.invite.cancel());
        if (clientDialog != null) {
            bye(clientDialog);
        }
        if (byeUpstream) {
            bye(upstream);
        }
        if (media != null) {
            media.release();
        }
        if (receiving != null) {
            receiving.release();
        }
        cleanUp();
    }

    private void bye(Dialog dialog) {
        b2bua.sip()
                .send(dialog.next("BYE"))
                .orTimeout(b2bua.ringTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((response, error) -> {
                    if (error != null) {
                        log.debug("BYE in {} not answered: {}", dialog.callId(), error.toString());
                    }
                });
    }

    private void cleanUp() {
        b2bua.sessions().remove(this);
    }
}
