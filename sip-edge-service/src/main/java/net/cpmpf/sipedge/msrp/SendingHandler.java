package net.cpmpf.sipedge.msrp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.cpmpf.msrp.MsrpChunk;
import net.cpmpf.msrp.MsrpChunker;
import net.cpmpf.msrp.MsrpDecodeError;
import net.cpmpf.msrp.MsrpRequest;
import net.cpmpf.msrp.MsrpResponse;

/**
 * The PF as the active MSRP endpoint that delivers one message (a deferred large message's later delivery): once
 * connected it sends the message in SEND chunks and completes {@link #result()} with 200 when every chunk is answered
 * 200; with the first other status a chunk gets; 503 when the connection closes first; 408 when it is idle for the
 * idle timeout or the whole transfer takes longer than its deadline. Then it closes the connection. Requests from the
 * peer (a REPORT it sends anyway) are dropped: the PF asks for none.
 */
final class SendingHandler extends ChannelInboundHandlerAdapter {

    private final MsrpRequest template;
    private final byte[] content;
    private final int chunkBytes;
    private final Duration deadline;
    private final CompletableFuture<Integer> result = new CompletableFuture<>();
    private final Set<String> unanswered = new HashSet<>();
    private ScheduledFuture<?> timer;

    SendingHandler(MsrpRequest template, byte[] content, int chunkBytes, Duration deadline) {
        this.template = template;
        this.content = content;
        this.chunkBytes = chunkBytes;
        this.deadline = deadline;
    }

    CompletableFuture<Integer> result() {
        return result;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        timer = ctx.executor().schedule(() -> finish(ctx, 408), deadline.toMillis(), TimeUnit.MILLISECONDS);
        var ids = new AtomicInteger();
        String prefix = Long.toHexString(System.nanoTime());
        ByteBuf body = Unpooled.wrappedBuffer(content);
        List<MsrpChunk> chunks;
        try {
            chunks = MsrpChunker.split(template, body, chunkBytes, () -> prefix + "s" + ids.incrementAndGet());
        } finally {
            body.release();
        }
        for (MsrpChunk chunk : chunks) {
            unanswered.add(chunk.head().transactionId());
            ctx.write(chunk);
        }
        ctx.flush();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        try {
            if (message instanceof MsrpResponse response && unanswered.remove(response.transactionId())) {
                if (response.status() != 200) {
                    finish(ctx, response.status());
                } else if (unanswered.isEmpty()) {
                    finish(ctx, 200);
                }
            } else if (message instanceof MsrpDecodeError error && error.closeConnection()) {
                finish(ctx, 503);
            }
            // Requests (a REPORT), their bodies and stray responses: nothing the PF waits for.
        } finally {
            ReferenceCountUtil.release(message);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            finish(ctx, 408);
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        finish(ctx, 503);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        finish(ctx, 503);
    }

    private void finish(ChannelHandlerContext ctx, int status) {
        if (timer != null) {
            timer.cancel(false);
        }
        if (result.complete(status)) {
            ctx.close();
        }
    }
}
