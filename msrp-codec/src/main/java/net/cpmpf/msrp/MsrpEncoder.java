package net.cpmpf.msrp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Writes MSRP exactly as RFC 4975 §9 spells it: CRLF line ends, To-Path and From-Path first, the other headers in
 * their order except Content-Type, which comes last and is followed by the blank line, the body, CRLF and the
 * end-line.
 *
 * <p>Accepts {@link MsrpResponse}, {@link MsrpChunk}, and the streamed form the decoder produces: {@link MsrpRequest},
 * then {@link MsrpContent} parts, then one {@link LastMsrpContent}. Bodies are passed on without copying. A request
 * occupies the connection until its last content is written, so writing another message before then fails the write
 * ({@link IllegalStateException}); to give way to another message, end the open one with flag {@code +}. One
 * instance per connection.
 */
public final class MsrpEncoder extends MessageToMessageEncoder<Object> {

    private static final int HEAD_ESTIMATE = 256;
    private static final int CRLF = ('\r' << 8) | '\n';

    /** The transaction id of the request whose body is being written, or {@code null}. */
    private String openTransactionId;

    private boolean openWithBody;

    @Override
    public boolean acceptOutboundMessage(Object msg) {
        return msg instanceof MsrpMessage || msg instanceof MsrpContent || msg instanceof MsrpChunk;
    }

    /** Checks come before anything is added to {@code out}: what is added there is written even if encode throws. */
    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, List<Object> out) {
        if (msg instanceof MsrpChunk chunk) {
            requireNoOpenRequest(chunk.head());
            out.add(head(ctx, chunk.head()));
            open(chunk.head());
            content(chunk.content(), out);
            out.add(end(ctx, chunk.continuation()));
        } else if (msg instanceof MsrpMessage message) {
            requireNoOpenRequest(message);
            out.add(head(ctx, message));
            if (message instanceof MsrpRequest request) {
                open(request);
            } else {
                out.add(endLine(ctx.alloc().buffer(64), message.transactionId(), Continuation.COMPLETE, false));
            }
        } else {
            MsrpContent content = (MsrpContent) msg;
            if (openTransactionId == null) {
                throw new IllegalStateException("body content without a request head");
            }
            content(content.content(), out);
            if (content instanceof LastMsrpContent last) {
                out.add(end(ctx, last.continuation()));
            } else if (out.isEmpty()) {
                out.add(Unpooled.EMPTY_BUFFER);
            }
        }
    }

    private void requireNoOpenRequest(MsrpMessage next) {
        if (openTransactionId != null) {
            throw new IllegalStateException("request " + openTransactionId + " is still open; cannot write "
                    + next.transactionId() + " before its last content");
        }
    }

    private void open(MsrpRequest request) {
        openTransactionId = request.transactionId();
        openWithBody = request.hasBody();
    }

    private void content(ByteBuf body, List<Object> out) {
        if (!body.isReadable()) {
            return;
        }
        if (!openWithBody) {
            throw new IllegalStateException("request " + openTransactionId + " has no Content-Type, so no body");
        }
        out.add(body.retain());
    }

    private ByteBuf end(ChannelHandlerContext ctx, Continuation continuation) {
        ByteBuf tail = endLine(ctx.alloc().buffer(64), openTransactionId, continuation, openWithBody);
        openTransactionId = null;
        return tail;
    }

    private static ByteBuf head(ChannelHandlerContext ctx, MsrpMessage message) {
        ByteBuf buf = ctx.alloc().buffer(HEAD_ESTIMATE);
        ByteBufUtil.writeAscii(buf, "MSRP ");
        ByteBufUtil.writeAscii(buf, message.transactionId());
        buf.writeByte(' ');
        if (message instanceof MsrpRequest request) {
            ByteBufUtil.writeAscii(buf, request.method().name());
        } else {
            MsrpResponse response = (MsrpResponse) message;
            ByteBufUtil.writeAscii(buf, String.format("%03d", response.status()));
            if (response.comment() != null) {
                buf.writeByte(' ');
                ByteBufUtil.writeUtf8(buf, response.comment());
            }
        }
        buf.writeShort(CRLF);
        line(buf, MsrpHeaders.TO_PATH, MsrpUri.formatPath(message.toPath()));
        line(buf, MsrpHeaders.FROM_PATH, MsrpUri.formatPath(message.fromPath()));
        MsrpHeader contentType = null;
        for (MsrpHeader header : message.headers().asList()) {
            if (header.is(MsrpHeaders.CONTENT_TYPE)) {
                contentType = header;
            } else {
                line(buf, header.name(), header.value());
            }
        }
        if (contentType != null) {
            line(buf, contentType.name(), contentType.value());
            if (message instanceof MsrpRequest) {
                buf.writeShort(CRLF);
            }
        }
        return buf;
    }

    private static ByteBuf endLine(ByteBuf buf, String transactionId, Continuation flag, boolean afterBody) {
        if (afterBody) {
            buf.writeShort(CRLF);
        }
        ByteBufUtil.writeAscii(buf, "-------");
        ByteBufUtil.writeAscii(buf, transactionId);
        buf.writeByte(flag.flag());
        buf.writeShort(CRLF);
        return buf;
    }

    private static void line(ByteBuf buf, String name, String value) {
        ByteBufUtil.writeAscii(buf, name);
        buf.writeByte(':').writeByte(' ');
        ByteBufUtil.writeUtf8(buf, value);
        buf.writeShort(CRLF);
    }
}
