package net.cpmpf.sipedge.msrp;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import net.cpmpf.msrp.MsrpDecoder;
import net.cpmpf.msrp.MsrpEncoder;
import net.cpmpf.msrp.MsrpHeaders;
import net.cpmpf.msrp.MsrpLimits;
import net.cpmpf.msrp.MsrpMethod;
import net.cpmpf.msrp.MsrpRequest;
import net.cpmpf.msrp.MsrpUri;
import net.cpmpf.sipedge.system.EdgeProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge's MSRP node (Netty): listens for originators, connects to clients, and relays between them, one
 * {@link RelaySession} per Large Message Mode session. Its URIs are {@code msrp://host:port/<session-id>;tcp}, the
 * session id 128 random bits (RFC 4975 §14.1 wants it unguessable: it is what authorises a connection).
 */
public final class MsrpNode {

    private static final Logger log = LoggerFactory.getLogger(MsrpNode.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int DEFAULT_MSRP_PORT = 2855;
    private static final int CONNECT_TIMEOUT_MILLIS = 5000;

    private final EdgeProperties.Msrp config;
    private final MsrpLimits limits;
    private final RelayMetrics metrics;
    private final Map<String, NodeSession> sessions = new ConcurrentHashMap<>();
    private final ChannelGroup channels = new DefaultChannelGroup("msrp", GlobalEventExecutor.INSTANCE);
    private EventLoopGroup group;
    private Channel server;
    private volatile int port;

    public MsrpNode(EdgeProperties.Msrp config, MeterRegistry meters) {
        this.config = config;
        this.limits = MsrpLimits.DEFAULTS.withMaxChunkBytes(config.maxChunkBytes());
        this.metrics = new RelayMetrics(meters);
        Gauge.builder("cpm.edge.msrp.sessions", sessions, Map::size)
                .description("MSRP sessions relayed now")
                .register(meters);
        Gauge.builder("cpm.edge.msrp.connections", channels, ChannelGroup::size)
                .description("Open MSRP connections")
                .register(meters);
    }

    /**
     * Binds the listening socket.
     *
     * @throws IllegalStateException when the port cannot be bound; nothing stays open
     */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        group = new MultiThreadIoEventLoopGroup(config.threads(), NioIoHandler.newFactory());
        try {
            server = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark())
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            pipeline(channel, new RelayChannelHandler(MsrpNode.this));
                        }
                    })
                    .bind(config.host(), config.port())
                    .syncUninterruptibly()
                    .channel();
            port = ((InetSocketAddress) server.localAddress()).getPort();
        } catch (RuntimeException e) {
            stop();
            throw new IllegalStateException("MSRP could not listen on " + config.host() + ":" + config.port(), e);
        }
    }

    /** Ends every session, closes every connection and stops the event loops. */
    public synchronized void stop() {
        sessions.values().forEach(NodeSession::release);
        if (server != null) {
            server.close().syncUninterruptibly();
            server = null;
        }
        channels.close().awaitUninterruptibly();
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            group = null;
        }
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** The port listened on (the configured one, or the one picked for 0). */
    public int port() {
        return port;
    }

    /** A new URI of this node with a fresh session id. */
    public MsrpUri newUri() {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        return MsrpUri.of(config.advertised(), port, HexFormat.of().formatHex(id));
    }

    /** Whether another session may start. */
    public boolean hasCapacity() {
        return sessions.size() < config.maxSessions();
    }

    /**
     * Opens a session: the originator may now connect to {@code upstream}; once it has, the PF connects to the first
     * URI of {@code clientPath}. Without the originator's first request within the media timeout the session ends.
     */
    public RelaySession open(
            MsrpUri upstream, MsrpUri downstream, List<MsrpUri> clientPath, RelaySession.Listener listener) {
        var session = new RelaySession(this, upstream, downstream, clientPath, listener);
        sessions.put(upstream.sessionId(), session);
        session.startMediaTimer(group.next(), config.mediaTimeout());
        return session;
    }

    public int sessionCount() {
        return sessions.size();
    }

    public int openConnections() {
        return channels.size();
    }

    /**
     * Opens a session where the PF is the endpoint (a deferred large message): the originator may now connect to
     * {@code own} and send one message of at most {@code maxBytes}, which goes to {@code receiver} once complete.
     * Without the originator's first request within the media timeout the session ends.
     */
    public EndpointSession receive(MsrpUri own, long maxBytes, EndpointSession.Receiver receiver) {
        var session = new EndpointSession(this, own, maxBytes, receiver);
        sessions.put(own.sessionId(), session);
        session.startMediaTimer(group.next(), config.mediaTimeout());
        return session;
    }

    Optional<NodeSession> session(MsrpUri to) {
        NodeSession session = to.sessionId() == null ? null : sessions.get(to.sessionId());
        return Optional.ofNullable(session).filter(s -> s.upstreamUri().equals(to));
    }

    void forget(NodeSession session) {
        sessions.remove(session.upstreamUri().sessionId(), session);
    }

    Duration drainTimeout() {
        return config.drainTimeout();
    }

    RelayMetrics metrics() {
        return metrics;
    }

    /** Connects to a client's next hop on {@code loop}, the loop of the originator's connection. */
    Future<Channel> connect(RelaySession session, EventLoop loop, MsrpUri hop) {
        Promise<Channel> connected = loop.newPromise();
        String host =
                hop.host().startsWith("[") ? hop.host().substring(1, hop.host().length() - 1) : hop.host();
        int hopPort = hop.port() == MsrpUri.NO_PORT ? DEFAULT_MSRP_PORT : hop.port();
        ChannelFuture connect = new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        pipeline(channel, new RelayChannelHandler(MsrpNode.this, session));
                    }
                })
                .connect(host, hopPort);
        connect.addListener(done -> {
            if (done.isSuccess()) {
                connected.setSuccess(connect.channel());
            } else {
                metrics.error("connect-failed");
                log.info(
                        "{}: could not connect to {}: {}",
                        session,
                        hop,
                        done.cause().toString());
                connected.setFailure(done.cause());
            }
        });
        return connected;
    }

    /**
     * Delivers one message as the active endpoint (later delivery of a deferred large message): connects to the first
     * URI of {@code toPath} and sends {@code content} from {@code own} in SEND chunks of at most {@code chunkBytes},
     * without asking for REPORTs.
     *
     * @return completes with 200 once every chunk is answered 200, else with the first other status; 503 when the
     *     peer cannot be reached or closes first, 408 past {@code deadline} or the idle timeout. Never fails.
     */
    public CompletableFuture<Integer> deliver(
            MsrpUri own, List<MsrpUri> toPath, String contentType, byte[] content, int chunkBytes, Duration deadline) {
        var template = new MsrpRequest(
                // Replaced in each chunk; RFC 4975 wants at least four characters.
                "template",
                MsrpMethod.SEND,
                toPath,
                List.of(own),
                MsrpHeaders.builder()
                        .messageId(HexFormat.of().formatHex(randomBytes(8)))
                        .contentType(contentType)
                        .build());
        var sender = new SendingHandler(template, content, chunkBytes, deadline);
        MsrpUri hop = toPath.get(0);
        String host =
                hop.host().startsWith("[") ? hop.host().substring(1, hop.host().length() - 1) : hop.host();
        new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        pipeline(channel, sender);
                    }
                })
                .connect(host, hop.port() == MsrpUri.NO_PORT ? DEFAULT_MSRP_PORT : hop.port())
                .addListener(connected -> {
                    if (!connected.isSuccess()) {
                        metrics.error("connect-failed");
                        sender.result().complete(503);
                    }
                });
        return sender.result();
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private void pipeline(SocketChannel channel, ChannelHandler handler) {
        channels.add(channel);
        long idle = config.idleTimeout().toMillis();
        channel.pipeline()
                .addLast("idle", new IdleStateHandler(0, 0, idle, TimeUnit.MILLISECONDS))
                .addLast("decoder", new MsrpDecoder(limits))
                .addLast("encoder", new MsrpEncoder())
                .addLast("handler", handler);
    }

    private WriteBufferWaterMark waterMark() {
        return new WriteBufferWaterMark(config.writeBufferHighWater() / 2, config.writeBufferHighWater());
    }
}
