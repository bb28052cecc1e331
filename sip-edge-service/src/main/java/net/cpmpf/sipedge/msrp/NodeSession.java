package net.cpmpf.sipedge.msrp;

import io.netty.channel.Channel;
import net.cpmpf.msrp.MsrpUri;

/**
 * A session of the {@link MsrpNode} that an accepted connection joins by naming {@link #upstreamUri()} at the head of
 * the To-Path of its first request: a relayed session ({@link RelaySession}) or one where the PF is the endpoint
 * ({@link EndpointSession}). The connection's handler calls these on the connection's event loop.
 */
sealed interface NodeSession permits RelaySession, EndpointSession {

    /** The PF's URI the originator sends to. */
    MsrpUri upstreamUri();

    /**
     * The originator's connection sent {@code first}, its first request for this session.
     *
     * @return false when the session has ended or is bound already: the caller refuses the request
     */
    boolean bind(Channel channel, Object first);

    /** A decoded message from the originator's connection once bound; this session releases it. */
    void fromOriginator(Object message);

    /** A decoded message from a connection the PF made for this session; this session releases it. */
    void fromClient(Object message);

    void readComplete();

    void writabilityChanged();

    /** A connection of this session closed. */
    void closed(Channel channel);

    /** A connection of this session stayed idle for the idle timeout. */
    void idle();

    /** Ends the session now, from the SIP side. Thread-safe; idempotent. */
    void release();
}
