package net.cpmpf.sipedge.msrp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import net.cpmpf.msrp.ByteRange;
import net.cpmpf.msrp.Continuation;
import net.cpmpf.msrp.LastMsrpContent;
import net.cpmpf.msrp.MsrpContent;
import net.cpmpf.msrp.MsrpDecodeError;
import net.cpmpf.msrp.MsrpHeaders;
import net.cpmpf.msrp.MsrpMethod;
import net.cpmpf.msrp.MsrpRequest;
import net.cpmpf.msrp.MsrpResponse;
import net.cpmpf.msrp.MsrpStatus;
import net.cpmpf.msrp.MsrpTransactions;
import net.cpmpf.msrp.MsrpUri;

/**
 * A session where the PF itself is the MSRP endpoint (CR 8.3.2.1.1, a deferred large message): passive towards the
 * originator, it gathers the one message the originator sends in SEND chunks (RFC 4975 §7.1) into memory, at most
 * {@code maxBytes}, and hands it to the {@link Receiver} once complete. Each chunk but the last is answered 200 at
 * once; the last chunk's 200, and the success REPORT when asked for, go out only once the receiver says the message
 * is durable, so the originator is never told "received" for content that could still be lost. A failure to store it
 * closes the connection without those answers.
 *
 * <p>Refusals: content beyond {@code maxBytes} (stated in Byte-Range or reached) → 413 and the session ends {@link
 * EndReason#TOO_LARGE}; a SEND without Message-ID, or a chunk that leaves a gap → 400; another method → 501; a
 * second message after the first was stored → 403. An interrupted message ({@code #}) is dropped; the originator may
 * send it again. Every chunk's bytes are copied out and released at once: the session holds no Netty buffer.
 *
 * <p>Ends exactly once, for one {@link EndReason}, on the connection's event loop; then holds nothing.
 */
public final class EndpointSession implements NodeSession {

    /** Why the session ended; the SIP side ends the dialog accordingly. */
    public enum EndReason {
        /** The message was stored and the originator closed its connection. */
        COMPLETED,
        /** The originator did not connect and send within the media timeout. */
        NO_MEDIA,
        /** The connection stayed idle for the idle timeout. */
        IDLE,
        /** The originator closed its connection (or framing was lost) before the message was stored. */
        CONNECTION_LOST,
        /** The message is larger than the PF keeps (413). */
        TOO_LARGE,
        /** The receiver could not make the message durable. */
        STORE_FAILED,
        /** The SIP side ended it (BYE, shutdown). */
        RELEASED
    }

    /** A complete message as received. */
    public record Message(String messageId, String contentType, byte[] content) {}

    /** What the SIP side hears from the endpoint. */
    public interface Receiver {

        /**
         * A complete message: make it durable. Called once, on the event loop; must not block.
         *
         * @return completes once the message is durable, or exceptionally if it could not be made so
         */
        CompletionStage<?> received(Message message);

        void ended(EndpointSession session, EndReason reason);
    }

    private static final Duration REFUSAL_LINGER = Duration.ofSeconds(1);

    private final MsrpNode node;
    private final MsrpUri own;
    private final long maxBytes;
    private final Receiver receiver;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final BoundedBytes content;
    private volatile EventLoop loop;
    private Channel originator;
    /** The originator's URI from its first request, for a 400 to a request that could not be read. */
    private MsrpUri peer;

    private ScheduledFuture<?> mediaTimer;
    /** The SEND whose body is being read, or null between requests. */
    private MsrpRequest chunk;
    /** The body being read belongs to nothing: a refused request's. */
    private boolean discarding;

    private String messageId;
    private String contentType;
    private boolean storing;
    private boolean stored;
    /** Refused as too large: everything read from now on is dropped until the session ends. */
    private boolean refused;

    EndpointSession(MsrpNode node, MsrpUri own, long maxBytes, Receiver receiver) {
        this.node = node;
        this.own = Objects.requireNonNull(own);
        this.receiver = Objects.requireNonNull(receiver);
        if (maxBytes < 1 || maxBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxBytes must be 1.." + (Integer.MAX_VALUE - 8) + ": " + maxBytes);
        }
        this.maxBytes = maxBytes;
        this.content = new BoundedBytes((int) maxBytes);
    }

    @Override
    public MsrpUri upstreamUri() {
        return own;
    }

    void startMediaTimer(EventLoop timerLoop, Duration timeout) {
        mediaTimer = timerLoop.schedule(
                () -> {
                    synchronized (this) {
                        if (loop != null || ended.get()) {
                            return;
                        }
                        loop = timerLoop;
                    }
                    end(EndReason.NO_MEDIA);
                },
                timeout.toMillis(),
                TimeUnit.MILLISECONDS);
    }

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
        fromOriginator(first);
        return true;
    }

    @Override
    public void fromOriginator(Object message) {
        try {
            if (ended.get() || refused) {
                return;
            }
            if (message instanceof MsrpRequest request) {
                request(request);
            } else if (message instanceof MsrpContent part) {
                content(part);
            } else if (message instanceof MsrpDecodeError error) {
                decodeError(error);
            }
            // A response (none is expected: the PF sends only REPORTs, which get none) is dropped.
        } finally {
            ReferenceCountUtil.release(message);
        }
    }

    private void request(MsrpRequest request) {
        chunk = null;
        discarding = true;
        peer = request.fromPath().get(0);
        if (!own.equals(request.toPath().get(0)) || request.toPath().size() != 1) {
            respond(request, 481, "Session does not exist");
            return;
        }
        if (MsrpMethod.REPORT.equals(request.method())) {
            return;
        }
        if (!MsrpMethod.SEND.equals(request.method())) {
            respond(request, 501, "Not implemented");
            return;
        }
        var id = request.headers().messageId();
        if (id.isEmpty()) {
            node.metrics().error("malformed");
            respond(request, 400, "Message-ID missing");
            return;
        }
        if (storing || stored) {
            respond(request, 403, "This session carries one message");
            return;
        }
        if (!id.get().equals(messageId)) {
            // A new message: one whose earlier chunks ended without "$" or "#" is abandoned with it.
            content.reset();
            messageId = id.get();
            contentType = request.headers().contentType().orElse("application/octet-stream");
        }
        ByteRange range = request.headers().byteRange().orElse(ByteRange.whole());
        if ((range.totalKnown() && range.total() > maxBytes) || (range.endKnown() && range.end() > maxBytes)) {
            tooLarge(request);
            return;
        }
        if (range.start() > content.length() + 1L) {
            respond(request, 400, "Byte-Range leaves a gap");
            return;
        }
        // A chunk sent again after a failed transaction overlaps what is kept: it replaces it.
        content.truncate((int) (range.start() - 1));
        chunk = request;
        discarding = false;
    }

    private void content(MsrpContent part) {
        if (discarding || chunk == null) {
            return;
        }
        ByteBuf bytes = part.content();
        if (content.length() + (long) bytes.readableBytes() > maxBytes) {
            tooLarge(chunk);
            return;
        }
        content.append(bytes);
        node.metrics().received(bytes.readableBytes());
        if (part instanceof LastMsrpContent last) {
            ended(chunk, last.continuation());
        }
    }

    private void ended(MsrpRequest send, Continuation continuation) {
        chunk = null;
        discarding = true;
        switch (continuation) {
            case MORE -> respond(send, 200, "OK");
            case ABORTED -> {
                // RFC 4975 §7.1.1: the sender gave the message up; what came of it is dropped.
                respond(send, 200, "OK");
                content.reset();
                messageId = null;
            }
            case COMPLETE -> complete(send);
        }
    }

    private void complete(MsrpRequest last) {
        ByteRange range = last.headers().byteRange().orElse(ByteRange.whole());
        if (range.totalKnown() && range.total() != content.length()) {
            respond(last, 400, "Byte-Range total does not match the content");
            content.reset();
            messageId = null;
            return;
        }
        storing = true;
        byte[] message = content.toArray();
        content.release();
        CompletionStage<?> durable;
        try {
            durable = receiver.received(new Message(messageId, contentType, message));
        } catch (RuntimeException e) {
            durable = CompletableFuture.failedFuture(e);
        }
        durable.whenComplete((ok, error) -> loop.execute(() -> stored(last, message.length, error)));
    }

    private void stored(MsrpRequest last, int size, Throwable error) {
        storing = false;
        if (ended.get()) {
            return;
        }
        if (error != null) {
            node.metrics().error("store-failed");
            end(EndReason.STORE_FAILED);
            return;
        }
        stored = true;
        respond(last, 200, "OK");
        if (MsrpTransactions.successReportRequested(last)) {
            originator.write(MsrpTransactions.report(
                    last,
                    UUID.randomUUID().toString().substring(0, 12),
                    new ByteRange(1, size, size),
                    MsrpStatus.of(200, "OK")));
            originator.write(LastMsrpContent.empty(Continuation.COMPLETE));
        }
        originator.flush();
    }

    private void tooLarge(MsrpRequest request) {
        node.metrics().error("too-large");
        chunk = null;
        discarding = true;
        refused = true;
        content.release();
        if (MsrpTransactions.responseExpected(request, 413)) {
            originator.writeAndFlush(MsrpTransactions.response(request, 413, "Message too large"));
        }
        // Closing at once, with the sender's chunks still unread, resets the connection and can take the 413 with it:
        // the rest is read and dropped for a moment first.
        loop.schedule(() -> end(EndReason.TOO_LARGE), REFUSAL_LINGER.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void decodeError(MsrpDecodeError error) {
        node.metrics().error("malformed");
        chunk = null;
        discarding = true;
        if (error.canRespond() && peer != null) {
            originator.write(new MsrpResponse(
                    error.transactionId(), 400, "Bad request", List.of(peer), List.of(own), MsrpHeaders.EMPTY));
        }
        if (error.closeConnection()) {
            originator.close();
        }
    }

    private void respond(MsrpRequest request, int status, String comment) {
        if (MsrpTransactions.responseExpected(request, status)) {
            originator.write(MsrpTransactions.response(request, status, comment));
        }
    }

    @Override
    public void fromClient(Object message) {
        ReferenceCountUtil.release(message);
    }

    @Override
    public void readComplete() {
        if (originator != null && !ended.get()) {
            originator.flush();
        }
    }

    @Override
    public void writabilityChanged() {
        // The PF writes only responses and one REPORT: nothing to hold back.
    }

    @Override
    public void closed(Channel channel) {
        end(stored ? EndReason.COMPLETED : EndReason.CONNECTION_LOST);
    }

    @Override
    public void idle() {
        end(EndReason.IDLE);
    }

    @Override
    public void release() {
        EventLoop current = loop;
        if (current == null) {
            synchronized (this) {
                current = loop;
                if (current == null) {
                    end(EndReason.RELEASED);
                    return;
                }
            }
        }
        if (current.inEventLoop()) {
            end(EndReason.RELEASED);
        } else {
            current.execute(() -> end(EndReason.RELEASED));
        }
    }

    private void end(EndReason reason) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        if (mediaTimer != null) {
            mediaTimer.cancel(false);
        }
        content.release();
        if (originator != null) {
            originator.flush();
            originator.close();
        }
        node.forget(this);
        receiver.ended(this, reason);
    }

    public boolean isEnded() {
        return ended.get();
    }

    @Override
    public String toString() {
        return "MSRP endpoint session " + own.sessionId();
    }
}
