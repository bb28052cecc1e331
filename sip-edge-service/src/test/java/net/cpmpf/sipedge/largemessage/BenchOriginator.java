package net.cpmpf.sipedge.largemessage;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import net.cpmpf.msrp.Continuation;
import net.cpmpf.msrp.MsrpChunker;
import net.cpmpf.msrp.MsrpDecoder;
import net.cpmpf.msrp.MsrpEncoder;
import net.cpmpf.msrp.MsrpHeaders;
import net.cpmpf.msrp.MsrpMethod;
import net.cpmpf.msrp.MsrpRequest;
import net.cpmpf.msrp.MsrpResponse;
import net.cpmpf.msrp.MsrpUri;
import net.cpmpf.msrp.ReportMode;

/**
 * The benchmark's sending endpoint: one message in chunks over one connection, at most {@code window} chunks
 * unanswered, recording for each chunk the time from its write to its 200 (the per-chunk latency) and completing when
 * the success REPORT for the whole message arrives. Everything after {@link #start} runs on the connection's loop.
 */
final class BenchOriginator {

    final MsrpUri uri =
            MsrpUri.of("127.0.0.1", 9, "bench" + UUID.randomUUID().toString().substring(0, 8));
    /** Nanoseconds from each chunk's write to its 200, in the order the 200s came. */
    final long[] latencies;

    final CompletableFuture<Long> reported = new CompletableFuture<>();
    private final byte[] content;
    private final int chunkBytes;
    private final int window;
    private final Map<String, Long> sentAt = new HashMap<>();
    private MsrpChunker chunker;
    private Channel channel;
    private int offset;
    private int answered;
    private int transactions;
    private String failure;

    BenchOriginator(byte[] content, int chunkBytes, int window) {
        this.content = content;
        this.chunkBytes = chunkBytes;
        this.window = window;
        this.latencies = new long[(content.length + chunkBytes - 1) / chunkBytes];
    }

    /** Connects to {@code firstHop}: the receiver, a relay, or the edge. */
    void connect(EventLoopGroup group, MsrpUri firstHop) {
        channel = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new MsrpDecoder(), new MsrpEncoder(), new Answers());
                    }
                })
                .connect(firstHop.host(), firstHop.port())
                .syncUninterruptibly()
                .channel();
    }

    /** Starts sending along {@code toPath}; returns at once. */
    void start(List<MsrpUri> toPath) {
        var template = new MsrpRequest(
                "t0000",
                MsrpMethod.SEND,
                toPath,
                List.of(uri),
                MsrpHeaders.builder()
                        .messageId("m" + UUID.randomUUID().toString().substring(0, 12))
                        .successReport(ReportMode.YES)
                        .contentType("message/cpim")
                        .build());
        chunker = new MsrpChunker(template, () -> "chunk" + (++transactions), content.length);
        channel.eventLoop().execute(this::fill);
    }

    /** A description of what went wrong, or {@code null}. */
    String failure() {
        return failure;
    }

    void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
    }

    private void fill() {
        while (offset < content.length && sentAt.size() < window) {
            int length = Math.min(chunkBytes, content.length - offset);
            Continuation flag = offset + length == content.length ? Continuation.COMPLETE : Continuation.MORE;
            var chunk = chunker.next(Unpooled.wrappedBuffer(content, offset, length), flag);
            offset += length;
            sentAt.put(chunk.head().transactionId(), System.nanoTime());
            channel.write(chunk);
        }
        channel.flush();
    }

    private final class Answers extends SimpleChannelInboundHandler<Object> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object message) {
            if (message instanceof MsrpResponse response) {
                Long at = sentAt.remove(response.transactionId());
                if (at == null) {
                    return;
                }
                if (response.status() != 200) {
                    failure = "chunk " + response.transactionId() + " got " + response.status();
                    reported.complete(System.nanoTime());
                    return;
                }
                latencies[answered++] = System.nanoTime() - at;
                fill();
            } else if (message instanceof MsrpRequest request && MsrpMethod.REPORT.equals(request.method())) {
                int code = request.headers().status().map(s -> s.code()).orElse(0);
                if (code != 200) {
                    failure = "REPORT with status " + code;
                }
                reported.complete(System.nanoTime());
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!reported.isDone()) {
                failure = "connection closed after " + answered + " answers";
                reported.complete(System.nanoTime());
            }
        }
    }
}
