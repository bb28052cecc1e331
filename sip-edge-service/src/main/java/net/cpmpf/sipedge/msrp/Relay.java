package net.cpmpf.sipedge.msrp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.cpmpf.msrp.LastMsrpContent;
import net.cpmpf.msrp.MsrpContent;
import net.cpmpf.msrp.MsrpDecodeError;
import net.cpmpf.msrp.MsrpHeaders;
import net.cpmpf.msrp.MsrpRequest;
import net.cpmpf.msrp.MsrpResponse;
import net.cpmpf.msrp.MsrpTransactions;
import net.cpmpf.msrp.MsrpUri;

/**
 * The relaying between the two connections of a {@link RelaySession}, as an MSRP relay in the path does it (RFC 4976
 * §7): a request's head is forwarded with the PF removed from the front of its To-Path and the PF's URI for the
 * other side put at the front of its From-Path, so that any number of relays may stand on either side; its body
 * parts follow as they arrive, never gathered. A response from the next hop is answered to the previous hop as the
 * PF's own transaction response (CR 8.3.2.1.1: "upon receiving a MSRP 200 OK … send the MSRP 200 OK"); REPORTs travel
 * like any request. Confined to the session's event loop.
 *
 * <p>Backpressure: while one connection cannot take more ({@code !isWritable()}), the other is not read.
 */
final class Relay {

    /** Requests waiting for their response, per direction; beyond this the oldest are forgotten. */
    private static final int MAX_AWAITING = 4096;

    private final RelaySession session;
    private final Direction towardsClient;
    private final Direction towardsOriginator;
    private final RelayMetrics metrics;

    Relay(RelaySession session, Channel originator, Channel client, RelayMetrics metrics) {
        this.session = session;
        this.metrics = metrics;
        this.towardsClient =
                new Direction(originator, client, session.upstreamUri(), session.downstreamUri(), "to-client");
        this.towardsOriginator =
                new Direction(client, originator, session.downstreamUri(), session.upstreamUri(), "to-originator");
    }

    void fromOriginator(Object message) {
        handle(towardsClient, towardsOriginator, message);
    }

    void fromClient(Object message) {
        handle(towardsOriginator, towardsClient, message);
    }

    /** Requests relayed to the client and not answered yet, counting one whose body is still streaming. */
    int outstanding() {
        return towardsClient.awaiting.size() + (towardsClient.open ? 1 : 0);
    }

    void flush() {
        towardsClient.out.flush();
        towardsOriginator.out.flush();
    }

    void writabilityChanged() {
        towardsClient.resumeIfWritable();
        towardsOriginator.resumeIfWritable();
    }

    void abandon() {
        towardsClient.awaiting.clear();
        towardsOriginator.awaiting.clear();
    }

    /**
     * Answers what waited for the client connection when it could not be made: 481 to each request that expects a
     * response (RFC 4975 §7.3.1), and every buffer released.
     */
    static void refuseQueued(Collection<Object> queued, Channel originator, MsrpUri self) {
        List<Object> all = new ArrayList<>(queued);
        queued.clear();
        for (Object message : all) {
            if (message instanceof MsrpRequest request && MsrpTransactions.responseExpected(request, 481)) {
                originator.write(MsrpTransactions.response(request, 481, "Next hop unreachable"));
            }
            ReferenceCountUtil.release(message);
        }
        originator.flush();
    }

    private void handle(Direction direction, Direction reverse, Object message) {
        if (message instanceof MsrpRequest request) {
            request(direction, request);
        } else if (message instanceof MsrpContent content) {
            content(direction, content);
        } else if (message instanceof MsrpResponse response) {
            response(direction, reverse, response);
        } else if (message instanceof MsrpDecodeError error) {
            decodeError(direction, error);
        } else {
            ReferenceCountUtil.release(message);
        }
    }

    private void request(Direction direction, MsrpRequest request) {
        List<MsrpUri> to = request.toPath();
        if (!to.get(0).equals(direction.self) || to.size() < 2) {
            // Not addressed through this session's URI, or to the PF itself: phase 1 is a relay, not an endpoint.
            metrics.error("unknown-session");
            if (MsrpTransactions.responseExpected(request, 481)) {
                direction.in.write(MsrpTransactions.response(request, 481, "Session does not exist"));
            }
            direction.discarding = true;
            return;
        }
        List<MsrpUri> from = new ArrayList<>(request.fromPath().size() + 1);
        from.add(direction.other);
        from.addAll(request.fromPath());
        direction.previousHop = request.fromPath().get(0);
        if (MsrpTransactions.responseExpected(request, 400)) {
            direction.await(request);
        }
        direction.discarding = false;
        direction.open = true;
        direction.write(request.withPaths(to.subList(1, to.size()), from));
    }

    private void content(Direction direction, MsrpContent content) {
        boolean last = content instanceof LastMsrpContent;
        if (direction.discarding) {
            content.release();
            direction.discarding = !last;
            return;
        }
        if (!direction.open) {
            content.release();
            return;
        }
        metrics.relayed(direction.name, content.content().readableBytes());
        if (last) {
            direction.open = false;
        }
        direction.write(content);
        if (last && direction == towardsClient && outstanding() == 0) {
            session.settled();
        }
    }

    /** A response on {@code direction.in} answers a request this relay forwarded the other way. */
    private void response(Direction direction, Direction reverse, MsrpResponse response) {
        MsrpRequest original = reverse.awaiting.remove(response.transactionId());
        if (original == null) {
            metrics.error("unexpected-response");
            return;
        }
        if (MsrpTransactions.responseExpected(original, response.status())) {
            reverse.in.write(MsrpTransactions.response(original, response.status(), response.comment()));
        }
        if (reverse == towardsClient && outstanding() == 0) {
            session.settled();
        }
    }

    private void decodeError(Direction direction, MsrpDecodeError error) {
        metrics.error("malformed");
        if (error.closeConnection()) {
            direction.in.close();
            return;
        }
        if (error.canRespond() && direction.previousHop != null) {
            direction.in.write(new MsrpResponse(
                    error.transactionId(),
                    400,
                    "Bad Request",
                    List.of(direction.previousHop),
                    List.of(direction.self),
                    MsrpHeaders.EMPTY));
        }
    }

    /** One way through the relay: what comes in on {@code in} goes out on {@code out}. */
    private final class Direction {

        final Channel in;
        final Channel out;
        /** The PF's URI on the side of {@code in}: the head of the To-Path of what arrives. */
        final MsrpUri self;
        /** The PF's URI on the side of {@code out}: the new head of the From-Path. */
        final MsrpUri other;

        final String name;
        final Map<String, MsrpRequest> awaiting = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, MsrpRequest> eldest) {
                return size() > MAX_AWAITING;
            }
        };
        boolean discarding;
        boolean open;
        MsrpUri previousHop;

        Direction(Channel in, Channel out, MsrpUri self, MsrpUri other, String name) {
            this.in = in;
            this.out = out;
            this.self = self;
            this.other = other;
            this.name = name;
        }

        void await(MsrpRequest request) {
            awaiting.put(request.transactionId(), request);
        }

        void write(Object message) {
            out.write(message).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
            if (!out.isWritable() && in.config().isAutoRead()) {
                in.config().setAutoRead(false);
                metrics.paused();
            }
        }

        void resumeIfWritable() {
            if (out.isWritable() && !in.config().isAutoRead() && out.isActive()) {
                in.config().setAutoRead(true);
            }
        }
    }
}
