package net.cpmpf.msrp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * A piece of a request body, in order. The decoder emits the body of a request as zero or more of these followed by
 * one {@link LastMsrpContent}; the encoder accepts the same sequence after an {@link MsrpRequest}.
 *
 * <p>Holds one reference to its buffer: whoever receives it releases it ({@link #release()}), or hands it to the
 * encoder, which releases it once written.
 */
public sealed class MsrpContent extends DefaultByteBufHolder permits LastMsrpContent {

    public MsrpContent(ByteBuf content) {
        super(content);
    }

    @Override
    public MsrpContent replace(ByteBuf content) {
        return new MsrpContent(content);
    }

    @Override
    public MsrpContent retain() {
        super.retain();
        return this;
    }

    @Override
    public MsrpContent touch(Object hint) {
        super.touch(hint);
        return this;
    }

    @Override
    public String toString() {
        return "MsrpContent(" + content().readableBytes() + " bytes)";
    }
}
