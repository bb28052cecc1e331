package net.cpmpf.msrp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import java.util.Objects;

/**
 * A whole request in one object: head, body and end-line flag, as the {@link MsrpChunker} makes them and the encoder
 * writes them. (The decoder streams instead; see the package description.)
 *
 * <p>Holds one reference to its body: whoever receives it releases it, or hands it to the encoder, which releases it
 * once written.
 */
public final class MsrpChunk extends DefaultByteBufHolder {

    private final MsrpRequest head;
    private final Continuation continuation;

    /**
     * @throws IllegalArgumentException when the body is not empty but the head has no Content-Type, which the wire
     *     format could not carry
     */
    public MsrpChunk(MsrpRequest head, ByteBuf body, Continuation continuation) {
        super(body);
        this.head = Objects.requireNonNull(head, "head");
        this.continuation = Objects.requireNonNull(continuation, "continuation");
        if (body.isReadable() && !head.hasBody()) {
            throw new IllegalArgumentException("a body needs a Content-Type");
        }
    }

    public MsrpRequest head() {
        return head;
    }

    public Continuation continuation() {
        return continuation;
    }

    @Override
    public MsrpChunk replace(ByteBuf content) {
        return new MsrpChunk(head, content, continuation);
    }

    @Override
    public MsrpChunk retain() {
        super.retain();
        return this;
    }

    @Override
    public MsrpChunk touch(Object hint) {
        super.touch(hint);
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && head.equals(((MsrpChunk) o).head) && continuation == ((MsrpChunk) o).continuation;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), head, continuation);
    }

    @Override
    public String toString() {
        return "MsrpChunk(" + head.method() + " " + head.transactionId() + ", "
                + content().readableBytes() + " bytes, " + continuation.flag() + ")";
    }
}
