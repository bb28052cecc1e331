package net.cpmpf.msrp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One message as the decoder delivered it, with a request's parts joined, so that decodings of the same bytes cut
 * differently compare equal. Exactly one of {@code head} and {@code error} describes the outcome; a request refused
 * after its head was emitted has both.
 *
 * @param head the request or response, or {@code null} for an error that ends no head
 * @param body a request's body bytes (joined parts), or {@code null} for a response or a standalone error
 * @param flag the end-line flag of a request, or {@code null}
 * @param error the decode error that ended this message, or {@code null}
 */
record Decoded(MsrpMessage head, byte[] body, Continuation flag, MsrpDecodeError error) {

    static Decoded request(MsrpRequest head, String body, Continuation flag) {
        return new Decoded(head, body.getBytes(StandardCharsets.UTF_8), flag, null);
    }

    static Decoded response(MsrpResponse response) {
        return new Decoded(response, null, null, null);
    }

    /**
     * Joins the decoder's frames into messages, releasing every content part, and fails on a sequence the decoder
     * must never produce (content without a head, a head inside a body, an unknown type).
     */
    static List<Decoded> collect(List<Object> frames) {
        List<Decoded> messages = new ArrayList<>();
        MsrpRequest open = null;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            for (Object frame : frames) {
                if (frame instanceof MsrpContent content) {
                    if (open == null) {
                        throw new AssertionError("content without a request head: " + frame);
                    }
                    body.writeBytes(ByteBufUtil.getBytes(content.content()));
                    if (content instanceof LastMsrpContent last) {
                        messages.add(new Decoded(open, body.toByteArray(), last.continuation(), null));
                        open = null;
                        body.reset();
                    }
                } else if (frame instanceof MsrpDecodeError error) {
                    messages.add(new Decoded(open, open == null ? null : body.toByteArray(), null, error));
                    open = null;
                    body.reset();
                } else if (open != null) {
                    throw new AssertionError(frame + " inside the body of " + open);
                } else if (frame instanceof MsrpRequest request) {
                    open = request;
                } else if (frame instanceof MsrpResponse response) {
                    messages.add(response(response));
                } else {
                    throw new AssertionError("unexpected frame " + frame);
                }
            }
        } finally {
            frames.forEach(ReferenceCountUtil::release);
        }
        if (open != null) {
            throw new AssertionError("request left open: " + open);
        }
        return messages;
    }

    /** The frames that write this message again: head, the body in two parts when it has two bytes or more, end. */
    List<Object> frames(ByteBufAllocator alloc) {
        if (error != null) {
            throw new IllegalStateException("an error is not written back: " + error);
        }
        if (head instanceof MsrpResponse) {
            return List.of(head);
        }
        List<Object> frames = new ArrayList<>();
        frames.add(head);
        int half = body.length / 2;
        if (half > 0) {
            frames.add(new MsrpContent(alloc.buffer(half).writeBytes(body, 0, half)));
        }
        ByteBuf rest = alloc.buffer(body.length - half).writeBytes(body, half, body.length - half);
        frames.add(new LastMsrpContent(rest, flag));
        return frames;
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Decoded other
                && Objects.equals(head, other.head)
                && Arrays.equals(body, other.body)
                && flag == other.flag
                && Objects.equals(error, other.error);
    }

    @Override
    public int hashCode() {
        return Objects.hash(head, Arrays.hashCode(body), flag, error);
    }

    @Override
    public String toString() {
        return "Decoded[" + head + ", body=" + (body == null ? null : body.length + " bytes") + ", flag=" + flag
                + ", error=" + error + "]";
    }
}
