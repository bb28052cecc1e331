package net.cpmpf.msrp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Objects;

/**
 * The final piece of a request body, with the end-line's continuation flag. Every decoded request is followed by
 * exactly one, possibly empty (a request without body still has an end-line). Same ownership as {@link MsrpContent}.
 */
public final class LastMsrpContent extends MsrpContent {

    private final Continuation continuation;

    public LastMsrpContent(ByteBuf content, Continuation continuation) {
        super(content);
        this.continuation = Objects.requireNonNull(continuation, "continuation");
    }

    /** An empty last piece; holds no buffer that needs releasing. */
    public static LastMsrpContent empty(Continuation continuation) {
        return new LastMsrpContent(Unpooled.EMPTY_BUFFER, continuation);
    }

    public Continuation continuation() {
        return continuation;
    }

    @Override
    public LastMsrpContent replace(ByteBuf content) {
        return new LastMsrpContent(content, continuation);
    }

    @Override
    public LastMsrpContent retain() {
        super.retain();
        return this;
    }

    @Override
    public LastMsrpContent touch(Object hint) {
        super.touch(hint);
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && continuation == ((LastMsrpContent) o).continuation;
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + continuation.hashCode();
    }

    @Override
    public String toString() {
        return "LastMsrpContent(" + content().readableBytes() + " bytes, " + continuation.flag() + ")";
    }
}
