package net.cpmpf.sipedge.msrp;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import net.cpmpf.msrp.MsrpUri;

/**
 * One relayed MSRP session of a Large Message Mode B2BUA: the originator connects to {@link #upstreamUri()} (the PF
 * is passive towards it), and once it has, the PF connects to the first hop of the client's path (active towards the
 * client) and relays between the two connections ({@link Relay}). Both connections run on the originator's event
 * loop, so the relay needs no locks; calls from the SIP side hop onto that loop.
 *
 * <p>Ends exactly once, for one {@link EndReason}, and then holds nothing: both connections closed, queued content
 * released, the session gone from the node.
 */
public final class RelaySession implements NodeSession {

    /** Why a session ended; the SIP side ends the dialogs accordingly. */
    public enum EndReason {
        /** The originator's BYE, and the client has acknowledged everything relayed. */
        COMPLETED,
        /** The originator did not connect and send within the media timeout. */
        NO_MEDIA,
        /** A connection stayed idle for the idle timeout. */
        IDLE,
        /** A peer closed its connection, the client could not be reached, or framing was lost. */
        CONNECTION_LOST,
        /** The SIP side ended it (BYE, CANCEL, shutdown). */
        RELEASED
    }

    /** What the SIP side hears from the media path. */
    @FunctionalInterface
    public interface Listener {
        void ended(RelaySession session, EndReason reason);
    }

    private final MsrpUri upstreamUri;
    private final MsrpUri downstreamUri;
    private final List<MsrpUri> clientPath;
    private final Listener listener;
    private final MsrpNode node;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final ArrayDeque<Object> waitingForClient = new ArrayDeque<>();
    private volatile EventLoop loop;
    private Channel originator;
    private Channel client;
    private Relay relay;
    private ScheduledFuture<?> mediaTimer;
    private ScheduledFuture<?> drainTimer;
    private Runnable onDrained;

    RelaySession(
            MsrpNode node, MsrpUri upstreamUri, MsrpUri downstreamUri, List<MsrpUri> clientPath, Listener listener) {
        this.node = node;
        this.upstreamUri = Objects.requireNonNull(upstreamUri);
        this.downstreamUri = Objects.requireNonNull(downstreamUri);
        this.clientPath = List.copyOf(clientPath);
        this.listener = Objects.requireNonNull(listener);
        if (clientPath.isEmpty()) {
            throw new IllegalArgumentException("the client's path is empty");
        }
    }

    /** The PF's URI the originator sends to: the first URI of the path in the PF's answer. */
    @Override
    public MsrpUri upstreamUri() {
        return upstreamUri;
    }

    /** The PF's URI towards the client: the first URI of the path in the PF's offer. */
    public MsrpUri downstreamUri() {
        return downstreamUri;
    }

    List<MsrpUri> clientPath() {
        return clientPath;
    }

    void startMediaTimer(EventLoop timerLoop, Duration timeout) {
        mediaTimer = timerLoop.schedule(
                () -> {
                    synchronized (this) {
                        if (loop != null || ended.get()) {
                            return;
                        }
                        // Claimed for the timer: a connection that comes now finds the session taken.
                        loop = timerLoop;
                    }
                    end(EndReason.NO_MEDIA);
                },
                timeout.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * The originator's connection sent its first request for this session: connect to the client on the same loop.
     * Called on that connection's loop; {@code first} is the decoded message that named the session.
     *
     * @return false when the session has ended (or was bound already): the caller refuses the request
     */
    @Override
    public boolean bind(Channel channel, Object first) {
        synchronized (this) {
            if (ended.get() || loop != null) {
                return false;
            }
            loop = channel.eventLoop();
        }
        if (mediaTimer != null) {
            mediaTimer.cancel(false);
        }
        originator = channel;
        channel.config().setAutoRead(false);
        waitingForClient.add(first);
        node.connect(this, channel.eventLoop(), clientPath.get(0)).addListener(future -> {
            if (!future.isSuccess() || ended.get()) {
                Relay.refuseQueued(waitingForClient, channel, upstreamUri);
                end(EndReason.CONNECTION_LOST);
                return;
            }
            client = (Channel) future.getNow();
            relay = new Relay(this, channel, client, node.metrics());
            Object queued;
            while ((queued = waitingForClient.poll()) != null) {
                relay.fromOriginator(queued);
            }
            relay.flush();
            channel.config().setAutoRead(true);
        });
        return true;
    }

    /** A message from the originator's connection once bound. */
    @Override
    public void fromOriginator(Object message) {
        if (relay == null) {
            waitingForClient.add(message);
        } else {
            relay.fromOriginator(message);
        }
    }

    @Override
    public void fromClient(Object message) {
        if (relay == null) {
            ReferenceCountUtil.release(message);
        } else {
            relay.fromClient(message);
        }
    }

    @Override
    public void readComplete() {
        if (relay != null) {
            relay.flush();
        }
    }

    @Override
    public void writabilityChanged() {
        if (relay != null) {
            relay.writabilityChanged();
        }
    }

    /** A connection of this session closed. The originator leaving after its last chunk still lets the client answer. */
    @Override
    public void closed(Channel channel) {
        if (channel == originator && relay != null && relay.outstanding() > 0) {
            drain(() -> {});
            return;
        }
        end(channel == originator && relay != null ? EndReason.COMPLETED : EndReason.CONNECTION_LOST);
    }

    /** The relay has nothing outstanding any more; a drain in progress finishes. */
    void settled() {
        if (onDrained != null) {
            finishDrain();
        }
    }

    /**
     * The originator said BYE: once the client has acknowledged everything relayed (or the drain timeout passes),
     * {@code drained} runs and the session ends {@link EndReason#COMPLETED}. Thread-safe.
     */
    public void drain(Runnable drained) {
        execute(() -> {
            if (ended.get()) {
                drained.run();
                return;
            }
            onDrained = drained;
            if (relay == null || relay.outstanding() == 0) {
                finishDrain();
            } else if (drainTimer == null) {
                drainTimer =
                        loop.schedule(this::finishDrain, node.drainTimeout().toMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }

    private void finishDrain() {
        Runnable drained = onDrained;
        onDrained = null;
        if (drainTimer != null) {
            drainTimer.cancel(false);
        }
        end(EndReason.COMPLETED);
        if (drained != null) {
            drained.run();
        }
    }

    @Override
    public void idle() {
        end(EndReason.IDLE);
    }

    /** Ends the session now, from the SIP side. Thread-safe; idempotent. */
    @Override
    public void release() {
        execute(() -> end(EndReason.RELEASED));
    }

    void end(EndReason reason) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        if (mediaTimer != null) {
            mediaTimer.cancel(false);
        }
        if (drainTimer != null) {
            drainTimer.cancel(false);
        }
        Object queued;
        while ((queued = waitingForClient.poll()) != null) {
            ReferenceCountUtil.release(queued);
        }
        if (relay != null) {
            relay.abandon();
        }
        if (originator != null) {
            originator.close();
        }
        if (client != null) {
            client.close();
        }
        node.forget(this);
        listener.ended(this, reason);
    }

    public boolean isEnded() {
        return ended.get();
    }

    private void execute(Runnable task) {
        EventLoop current = loop;
        if (current == null) {
            synchronized (this) {
                current = loop;
                if (current == null) {
                    task.run();
                    return;
                }
            }
        }
        if (current.inEventLoop()) {
            task.run();
        } else {
            current.execute(task);
        }
    }

    @Override
    public String toString() {
        return "MSRP session " + upstreamUri.sessionId() + " -> " + MsrpUri.formatPath(clientPath);
    }
}
