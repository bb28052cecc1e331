package net.cpmpf.sipedge.largemessage;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import net.cpmpf.msrp.ByteRange;
import net.cpmpf.msrp.Continuation;
import net.cpmpf.msrp.LastMsrpContent;
import net.cpmpf.msrp.MsrpChunk;
import net.cpmpf.msrp.MsrpChunker;
import net.cpmpf.msrp.MsrpContent;
import net.cpmpf.msrp.MsrpDecoder;
import net.cpmpf.msrp.MsrpEncoder;
import net.cpmpf.msrp.MsrpHeaders;
import net.cpmpf.msrp.MsrpMethod;
import net.cpmpf.msrp.MsrpRequest;
import net.cpmpf.msrp.MsrpResponse;
import net.cpmpf.msrp.MsrpStatus;
import net.cpmpf.msrp.MsrpTransactions;
import net.cpmpf.msrp.MsrpUri;
import net.cpmpf.msrp.ReportMode;

/**
 * An MSRP endpoint for tests on the codec: as the receiving client it listens, stores what SENDs carry, answers each
 * chunk 200 and sends a success REPORT for a complete message that asks for one; as the originator it connects and
 * sends a message in chunks. Requests and responses it receives are queued for the test. Public for the local
 * stack's end-to-end tests (cpm-local), which use it through this module's test-jar.
 */
public final class MsrpTestPeer implements AutoCloseable {

    public final MsrpUri uri;
    public final BlockingQueue<MsrpResponse> responses = new LinkedBlockingQueue<>();
    public final BlockingQueue<MsrpRequest> reports = new LinkedBlockingQueue<>();
    /** The head of every SEND chunk received, in order. */
    public final List<MsrpRequest> sends = new CopyOnWriteArrayList<>();

    public final ByteArrayOutputStream received = new ByteArrayOutputStream();
    public final AtomicInteger completeMessages = new AtomicInteger();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Channel server;
    private Channel connection;

    private MsrpTestPeer(boolean listen) {
        if (listen) {
            server = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    // One small response per chunk: without NODELAY, Nagle holds it for the sender's delayed ACK.
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(initializer())
                    .bind("127.0.0.1", 0)
                    .syncUninterruptibly()
                    .channel();
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            uri = MsrpUri.of(
                    "127.0.0.1", port, "peer" + UUID.randomUUID().toString().substring(0, 8));
        } else {
            server = null;
            // The active side's URI names its session; nobody connects to it (RFC 4975 §6).
            uri = MsrpUri.of(
                    "127.0.0.1", 9, "orig" + UUID.randomUUID().toString().substring(0, 8));
        }
    }

    /** The client's side: listens for the PF. */
    public static MsrpTestPeer listening() {
        return new MsrpTestPeer(true);
    }

    /** The originator's side: connects to the PF. */
    public static MsrpTestPeer connecting() {
        return new MsrpTestPeer(false);
    }

    public void connect(MsrpUri hop) {
        connection = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(initializer())
                .connect(hop.host(), hop.port())
                .syncUninterruptibly()
                .channel();
    }

    /** Sends {@code body} as one message in chunks of {@code chunkBytes} along {@code toPath}, asking for a REPORT. */
    public void send(byte[] body, List<MsrpUri> toPath, int chunkBytes) {
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
        var ids = new AtomicInteger();
        var buffer = Unpooled.wrappedBuffer(body);
        List<MsrpChunk> chunks = MsrpChunker.split(template, buffer, chunkBytes, () -> "tid" + ids.incrementAndGet());
        buffer.release();
        for (MsrpChunk chunk : chunks) {
            connection.write(chunk);
        }
        connection.flush();
    }

    /**
     * Sends the first {@code part.length} bytes of a message of {@code statedTotal} bytes as one chunk ending with
     * {@code flag}: {@code #} gives the message up (RFC 4975 §7.1.1), {@code +} promises more that never comes.
     */
    public void sendFirstChunk(byte[] part, List<MsrpUri> toPath, long statedTotal, Continuation flag) {
        var head = new MsrpRequest(
                "tabort",
                MsrpMethod.SEND,
                toPath,
                List.of(uri),
                MsrpHeaders.builder()
                        .messageId("m" + UUID.randomUUID().toString().substring(0, 12))
                        .byteRange(new ByteRange(1, part.length, statedTotal))
                        .contentType("message/cpim")
                        .build());
        connection.writeAndFlush(new MsrpChunk(head, Unpooled.wrappedBuffer(part), flag));
    }

    /** Writes raw bytes, for malformed input. */
    public void sendRaw(byte[] bytes) {
        connection.writeAndFlush(Unpooled.wrappedBuffer(bytes));
    }

    public boolean connectedAndOpen() {
        return connection != null && connection.isActive();
    }

    public int openConnections() {
        return channels.size();
    }

    /** An originator's SDP offer: MSRP over TCP, {@code sendonly}, {@code setup:active}, its path. */
    public static byte[] offer(MsrpUri originator) {
        return ("v=0\r\n"
                        + "o=alice 1 1 IN IP4 127.0.0.1\r\n"
                        + "s=-\r\n"
                        + "c=IN IP4 127.0.0.1\r\n"
                        + "t=0 0\r\n"
                        + "m=message 9 TCP/MSRP *\r\n"
                        + "a=accept-types:message/cpim\r\n"
                        + "a=path:" + originator + "\r\n"
                        + "a=sendonly\r\n"
                        + "a=setup:active\r\n")
                .getBytes(UTF_8);
    }

    /** A receiving client's SDP answer: MSRP over TCP at its URI, {@code recvonly}, {@code setup:passive}. */
    public static byte[] clientAnswer(MsrpUri client) {
        return ("v=0\r\n"
                        + "o=bob 1 1 IN IP4 127.0.0.1\r\n"
                        + "s=-\r\n"
                        + "c=IN IP4 127.0.0.1\r\n"
                        + "t=0 0\r\n"
                        + "m=message " + client.port() + " TCP/MSRP *\r\n"
                        + "a=accept-types:message/cpim\r\n"
                        + "a=path:" + client + "\r\n"
                        + "a=recvonly\r\n"
                        + "a=setup:passive\r\n")
                .getBytes(UTF_8);
    }

    /** The URIs of an SDP's first {@code a=path} line. */
    public static List<MsrpUri> pathOf(String sdp) throws Exception {
        String line =
                sdp.lines().filter(l -> l.startsWith("a=path:")).findFirst().orElseThrow();
        return MsrpUri.parsePath(line.substring(7));
    }

    private ChannelInitializer<SocketChannel> initializer() {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                channels.add(channel);
                channel.pipeline().addLast(new MsrpDecoder(), new MsrpEncoder(), new Endpoint());
            }
        };
    }

    /** Plays the endpoint: stores SEND bodies, answers, reports. */
    private final class Endpoint extends SimpleChannelInboundHandler<Object> {

        private MsrpRequest current;
        private long messageBytes;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object message) {
            if (message instanceof MsrpResponse response) {
                responses.add(response);
            } else if (message instanceof MsrpRequest request) {
                current = request;
                if (request.method().equals(MsrpMethod.SEND)) {
                    sends.add(request);
                } else if (request.method().equals(MsrpMethod.REPORT)) {
                    reports.add(request);
                }
            } else if (message instanceof MsrpContent content && current != null) {
                if (current.method().equals(MsrpMethod.SEND)) {
                    int n = content.content().readableBytes();
                    byte[] bytes = new byte[n];
                    content.content().getBytes(content.content().readerIndex(), bytes);
                    synchronized (received) {
                        received.write(bytes, 0, n);
                    }
                    messageBytes += n;
                }
                if (content instanceof LastMsrpContent last && current.method().equals(MsrpMethod.SEND)) {
                    ended(ctx, current, last.continuation());
                }
            }
        }

        private void ended(ChannelHandlerContext ctx, MsrpRequest send, Continuation continuation) {
            if (MsrpTransactions.responseExpected(send, 200)) {
                ctx.write(MsrpTransactions.response(send, 200, "OK"));
            }
            if (continuation == Continuation.COMPLETE) {
                completeMessages.incrementAndGet();
                if (MsrpTransactions.successReportRequested(send)) {
                    ctx.write(MsrpTransactions.report(
                            send,
                            "r" + UUID.randomUUID().toString().substring(0, 8),
                            new ByteRange(1, messageBytes, messageBytes),
                            MsrpStatus.of(200, "OK")));
                    ctx.write(LastMsrpContent.empty(Continuation.COMPLETE));
                }
                messageBytes = 0;
            }
            ctx.flush();
        }
    }

    @Override
    public void close() {
        channels.close().awaitUninterruptibly();
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
