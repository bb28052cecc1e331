package net.cpmpf.msrp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import net.cpmpf.msrp.MsrpProtocolException.Reason;

/**
 * Decodes an MSRP byte stream (RFC 4975 §9) into, per message:
 *
 * <ul>
 *   <li>a request: {@link MsrpRequest}, then zero or more {@link MsrpContent} parts, then one {@link LastMsrpContent}
 *       with the end-line's flag;
 *   <li>a response: one {@link MsrpResponse};
 *   <li>input it refuses: one {@link MsrpDecodeError}, which may also end a request whose head was already emitted.
 * </ul>
 *
 * <p>Limits ({@link MsrpLimits}) are checked as bytes arrive: the head is refused once it passes
 * {@link MsrpLimits#maxHeadBytes()}, the body once it passes {@link MsrpLimits#maxChunkBytes()}, and no more than
 * {@link MsrpLimits#contentPartBytes()} of body is held before it is emitted. Searches resume where the previous read
 * stopped. One instance per connection.
 *
 * <p>Strict where framing depends on it (CRLF line ends, {@code MSRP} in capitals, the end-line exactly), lenient where
 * it does not: header names compare without case, a missing space after the colon is forgiven, path URIs may be
 * separated by several spaces, headers may follow Content-Type, and a request with Content-Type that ends right after
 * its headers is taken as an empty body. There is no keep-alive: an empty line between messages is a bad start line.
 */
public final class MsrpDecoder extends ByteToMessageDecoder {

    private enum State {
        START_LINE,
        HEADERS,
        BODY,
        /** A refused message whose end-line is still to come: its bytes are dropped. */
        SKIP,
        /** Framing lost: everything is dropped until the connection closes. */
        DISCARD
    }

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final String MSRP = "MSRP ";
    private static final String DASHES = "-------";

    private final MsrpLimits limits;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    private State state = State.START_LINE;
    /** Bytes after the reader index already searched; relative, because the cumulation may be compacted. */
    private int scanOffset;

    private int headBytes;
    private int headerLines;
    private String transactionId;
    private MsrpMethod method;
    private int status;
    private String comment;
    private List<MsrpUri> toPath;
    private List<MsrpUri> fromPath;
    private final List<MsrpHeader> headers = new ArrayList<>();
    private EndLineScanner endLine;
    private long bodyBytes;
    private long skippedBytes;
    /** Whether the skipped message's end-line may come first, without the CRLF of a line already consumed. */
    private boolean skipAtLineStart;

    private MsrpDecodeError pendingError;

    public MsrpDecoder() {
        this(MsrpLimits.DEFAULTS);
    }

    public MsrpDecoder(MsrpLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        // Each step consumes input, changes state, or returns false to wait for more bytes: this loop ends.
        while (in.isReadable() && step(in, out)) {
            // next step
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        // decode() has already taken every complete message; anything left was cut short by the close.
        if (state == State.SKIP) {
            fail(in, out, pendingError.reason(), pendingError.detail() + "; connection closed before its end-line");
        } else if (state != State.DISCARD && (state != State.START_LINE || in.isReadable())) {
            fail(in, out, Reason.INCOMPLETE, "connection closed inside a message");
        }
        in.skipBytes(in.readableBytes());
    }

    private boolean step(ByteBuf in, List<Object> out) {
        return switch (state) {
            case START_LINE, HEADERS -> readLine(in, out);
            case BODY -> readBody(in, out);
            case SKIP -> skipToEndLine(in, out);
            case DISCARD -> {
                in.skipBytes(in.readableBytes());
                yield false;
            }
        };
    }

    private boolean readLine(ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int budget = limits.maxHeadBytes() - headBytes;
        int window = Math.min(in.readableBytes(), budget);
        // Never from past the window: ByteBuf.indexOf searches backwards when from > to.
        int lf = in.indexOf(start + Math.min(scanOffset, window), start + window, LF);
        if (lf < 0) {
            if (in.readableBytes() >= budget) {
                return fail(in, out, Reason.HEADERS_TOO_LARGE, "head exceeds " + limits.maxHeadBytes() + " bytes");
            }
            scanOffset = window;
            return false;
        }
        scanOffset = 0;
        int lineBytes = lf - start + 1;
        boolean crlf = lf > start && in.getByte(lf - 1) == CR;
        int textBytes = crlf ? lineBytes - 2 : lineBytes - 1;
        String line = crlf ? text(in, start, textBytes) : null;
        headBytes += lineBytes;
        if (line == null) {
            Reason reason = state == State.START_LINE ? Reason.BAD_START_LINE : Reason.BAD_HEADER;
            return refuseLine(in, out, lineBytes, reason, crlf ? "line is not UTF-8" : "line ends without CRLF");
        }
        if (state == State.START_LINE) {
            return startLine(in, out, line, lineBytes);
        }
        if (line.isEmpty()) {
            in.skipBytes(lineBytes);
            return headersEnd(in, out);
        }
        if (line.startsWith(DASHES)) {
            in.skipBytes(lineBytes);
            return endLineAfterHeaders(in, out, line);
        }
        return header(in, out, line, lineBytes);
    }

    private boolean startLine(ByteBuf in, List<Object> out, String line, int lineBytes) {
        if (!line.startsWith(MSRP)) {
            return fail(in, out, Reason.BAD_START_LINE, "not an MSRP start line: " + Syntax.excerpt(line));
        }
        int space = line.indexOf(' ', MSRP.length());
        String tid = space < 0 ? line.substring(MSRP.length()) : line.substring(MSRP.length(), space);
        if (!Syntax.isIdent(tid, limits.maxTransactionIdLength())) {
            return fail(in, out, Reason.BAD_TRANSACTION_ID, "transaction id " + Syntax.excerpt(tid));
        }
        transactionId = tid;
        endLine = new EndLineScanner(tid);
        String rest = space < 0 ? "" : line.substring(space + 1);
        int restSpace = rest.indexOf(' ');
        String first = restSpace < 0 ? rest : rest.substring(0, restSpace);
        String problem = null;
        if (Syntax.isMethod(first)) {
            method = new MsrpMethod(first);
            problem = restSpace < 0 ? null : "text after the method";
        } else if (Syntax.isThreeDigits(first)) {
            status = Integer.parseInt(first);
            comment = restSpace < 0 ? null : rest.substring(restSpace + 1);
            problem = comment == null || Syntax.isUtf8Text(comment) ? null : "control characters in the comment";
        } else {
            problem = "neither a method nor a status code: " + Syntax.excerpt(rest);
        }
        if (problem != null) {
            return refuseLine(in, out, lineBytes, Reason.BAD_START_LINE, problem);
        }
        in.skipBytes(lineBytes);
        state = State.HEADERS;
        return true;
    }

    private boolean header(ByteBuf in, List<Object> out, String line, int lineBytes) {
        if (++headerLines > limits.maxHeaders()) {
            return refuseLine(
                    in, out, lineBytes, Reason.TOO_MANY_HEADERS, "more than " + limits.maxHeaders() + " headers");
        }
        int colon = line.indexOf(':');
        String name = colon < 0 ? line : line.substring(0, colon);
        // The grammar wants ": "; a missing space is forgiven, and the encoder writes it back.
        String value = colon < 0 ? "" : line.substring(line.startsWith(": ", colon) ? colon + 2 : colon + 1);
        if (colon < 0 || !Syntax.isHeaderName(name) || !Syntax.isUtf8Text(value)) {
            return refuseLine(in, out, lineBytes, Reason.BAD_HEADER, "not a header: " + Syntax.excerpt(line));
        }
        try {
            if (headerLines == 1) {
                if (!name.equalsIgnoreCase(MsrpHeaders.TO_PATH)) {
                    throw new MsrpProtocolException(Reason.MISSING_TO_PATH, "first header is " + Syntax.excerpt(name));
                }
                toPath = MsrpUri.parsePath(value);
            } else if (headerLines == 2) {
                if (!name.equalsIgnoreCase(MsrpHeaders.FROM_PATH)) {
                    throw new MsrpProtocolException(
                            Reason.MISSING_FROM_PATH, "second header is " + Syntax.excerpt(name));
                }
                fromPath = MsrpUri.parsePath(value);
            } else {
                headers.add(new MsrpHeader(name, value));
            }
        } catch (MsrpProtocolException e) {
            return refuseLine(in, out, lineBytes, e.reason(), e.getMessage());
        }
        in.skipBytes(lineBytes);
        return true;
    }

    /** The blank line: a request body follows. */
    private boolean headersEnd(ByteBuf in, List<Object> out) {
        MsrpHeaders parsed = completeHead(in, out, false);
        if (parsed == null) {
            return true;
        }
        if (method == null) {
            return refuse(in, out, Reason.UNEXPECTED_BODY, "a response has a body");
        }
        if (parsed.contentType().isEmpty()) {
            return refuse(in, out, Reason.MISSING_CONTENT_TYPE, "a body without Content-Type");
        }
        out.add(new MsrpRequest(transactionId, method, toPath, fromPath, parsed));
        state = State.BODY;
        return true;
    }

    /** An end-line right after the headers: a message without body. */
    private boolean endLineAfterHeaders(ByteBuf in, List<Object> out, String line) {
        Continuation flag = line.length() == DASHES.length() + transactionId.length() + 1
                        && line.startsWith(transactionId, DASHES.length())
                ? Continuation.of(line.charAt(line.length() - 1))
                : null;
        if (flag == null) {
            return fail(in, out, Reason.BAD_END_LINE, "end-line " + Syntax.excerpt(line) + " for " + transactionId);
        }
        MsrpHeaders parsed = completeHead(in, out, true);
        if (parsed == null) {
            return true;
        }
        if (method != null) {
            out.add(new MsrpRequest(transactionId, method, toPath, fromPath, parsed));
            out.add(LastMsrpContent.empty(flag));
        } else {
            out.add(new MsrpResponse(transactionId, status, comment, toPath, fromPath, parsed));
        }
        reset();
        return true;
    }

    /** The other headers, validated; {@code null} when refused (the refusal is already under way). */
    private MsrpHeaders completeHead(ByteBuf in, List<Object> out, boolean messageEnded) {
        try {
            if (headerLines < 2) {
                throw new MsrpProtocolException(
                        headerLines == 0 ? Reason.MISSING_TO_PATH : Reason.MISSING_FROM_PATH, "headers end early");
            }
            return MsrpHeaders.parse(headers);
        } catch (MsrpProtocolException e) {
            if (messageEnded) {
                out.add(error(e.reason(), e.getMessage(), false));
                reset();
            } else {
                refuse(in, out, e.reason(), e.getMessage());
            }
            return null;
        }
    }

    private boolean readBody(ByteBuf in, List<Object> out) {
        EndLineScanner.Result result = endLine.scan(in, scanOffset);
        int body = endLine.position();
        // Size first: then the outcome depends on where the bytes are, not on how the reads cut them.
        if (bodyBytes + body > limits.maxChunkBytes()) {
            return fail(in, out, Reason.CHUNK_TOO_LARGE, "body exceeds " + limits.maxChunkBytes() + " bytes");
        }
        if (result == EndLineScanner.Result.MALFORMED) {
            return fail(in, out, Reason.BAD_END_LINE, "end-line of " + transactionId + " without CRLF");
        }
        if (result == EndLineScanner.Result.FOUND) {
            ByteBuf last = body == 0 ? Unpooled.EMPTY_BUFFER : in.readRetainedSlice(body);
            in.skipBytes(endLine.length());
            out.add(new LastMsrpContent(last, endLine.flag()));
            reset();
            return true;
        }
        if (body < limits.contentPartBytes()) {
            scanOffset = body;
            return false;
        }
        out.add(new MsrpContent(in.readRetainedSlice(body)));
        bodyBytes += body;
        scanOffset = 0;
        return true;
    }

    private boolean skipToEndLine(ByteBuf in, List<Object> out) {
        if (skipAtLineStart) {
            int length = endLine.atStart(in);
            if (length == 0) {
                return false;
            }
            skipAtLineStart = false;
            if (length > 0) {
                in.skipBytes(length);
                out.add(pendingError);
                reset();
                return true;
            }
        }
        EndLineScanner.Result result = endLine.scan(in, 0);
        int skip = endLine.position();
        long allowance = (long) limits.maxHeadBytes() + limits.maxChunkBytes();
        if (skippedBytes + skip > allowance || result == EndLineScanner.Result.MALFORMED) {
            return fail(in, out, pendingError.reason(), pendingError.detail() + "; no end-line found after it");
        }
        if (result == EndLineScanner.Result.FOUND) {
            in.skipBytes(skip + endLine.length());
            out.add(pendingError);
            reset();
            return true;
        }
        skippedBytes += skip;
        in.skipBytes(skip);
        return false;
    }

    /** Refuses the current message at one of its lines, which is consumed. */
    private boolean refuseLine(ByteBuf in, List<Object> out, int lineBytes, Reason reason, String detail) {
        in.skipBytes(lineBytes);
        skipAtLineStart = true;
        return refuse(in, out, reason, detail);
    }

    /**
     * Refuses the current message. With its transaction id known, the decoder drops bytes up to its end-line and then
     * reports the error as answerable; without, framing is lost.
     */
    private boolean refuse(ByteBuf in, List<Object> out, Reason reason, String detail) {
        if (transactionId == null) {
            return fail(in, out, reason, detail);
        }
        pendingError = error(reason, detail, false);
        state = State.SKIP;
        scanOffset = 0;
        return true;
    }

    private boolean fail(ByteBuf in, List<Object> out, Reason reason, String detail) {
        out.add(error(reason, detail, true));
        state = State.DISCARD;
        in.skipBytes(in.readableBytes());
        return false;
    }

    private MsrpDecodeError error(Reason reason, String detail, boolean close) {
        return new MsrpDecodeError(reason, detail, transactionId, method, close);
    }

    private void reset() {
        state = State.START_LINE;
        scanOffset = 0;
        headBytes = 0;
        headerLines = 0;
        transactionId = null;
        method = null;
        status = 0;
        comment = null;
        toPath = null;
        fromPath = null;
        headers.clear();
        endLine = null;
        bodyBytes = 0;
        skippedBytes = 0;
        skipAtLineStart = false;
        pendingError = null;
    }

    /** The line's text, or {@code null} when it is not UTF-8. */
    private String text(ByteBuf in, int index, int length) {
        if (in.forEachByte(index, length, b -> b >= 0) < 0) {
            return in.toString(index, length, StandardCharsets.US_ASCII);
        }
        try {
            return utf8.decode(in.nioBuffer(index, length)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
