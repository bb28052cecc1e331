package net.cpmpf.sipedge.msrp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.Optional;
import net.cpmpf.msrp.MsrpContent;
import net.cpmpf.msrp.MsrpDecodeError;
import net.cpmpf.msrp.MsrpRequest;
import net.cpmpf.msrp.MsrpTransactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of each MSRP connection. A connection the PF made belongs to its session from the start (the
 * client side); an accepted one belongs to none until its first request names a session through the head of its
 * To-Path (RFC 4975 §5.4: the active party speaks first). Until then a request is refused with 481 and its body
 * dropped; an idle connection is closed either way.
 */
final class RelayChannelHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(RelayChannelHandler.class);

    private final MsrpNode node;
    private NodeSession session;
    private boolean originatorSide;
    private boolean discarding;

    /** An accepted connection: the originator's, once it names its session. */
    RelayChannelHandler(MsrpNode node) {
        this.node = node;
        this.originatorSide = true;
    }

    /** A connection the PF made towards a client for {@code session}. */
    RelayChannelHandler(MsrpNode node, NodeSession session) {
        this.node = node;
        this.session = session;
        this.originatorSide = false;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (session == null) {
            unbound(ctx, message);
        } else if (originatorSide) {
            session.fromOriginator(message);
        } else {
            session.fromClient(message);
        }
    }

    private void unbound(ChannelHandlerContext ctx, Object message) {
        if (message instanceof MsrpRequest request) {
            Optional<NodeSession> named = node.session(request.toPath().get(0));
            if (named.isPresent() && named.get().bind(ctx.channel(), request)) {
                session = named.get();
                discarding = false;
                return;
            }
            node.metrics().error("unknown-session");
            if (MsrpTransactions.responseExpected(request, 481)) {
                ctx.writeAndFlush(MsrpTransactions.response(request, 481, "Session does not exist"));
            }
            discarding = true;
        } else if (message instanceof MsrpDecodeError error) {
            node.metrics().error("malformed");
            if (error.closeConnection()) {
                ctx.close();
            }
        } else {
            if (!(message instanceof MsrpContent) || !discarding) {
                node.metrics().error("unexpected-message");
            }
            ReferenceCountUtil.release(message);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (session != null) {
            session.readComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (session != null) {
            session.writabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (session != null) {
            session.closed(ctx.channel());
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            node.metrics().error("idle");
            if (session != null) {
                session.idle();
            }
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.info("MSRP connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        node.metrics().error("io");
        ctx.close();
    }
}
