package net.cpmpf.msrp;

import java.util.Objects;

/**
 * MSRP input was refused: a malformed start line, header, URI or end-line, a limit exceeded, or chunks that do not
 * fit together. The {@link #reason()} lets a caller choose its answer (and a metric label) without parsing the
 * message; the message says what was wrong and never echoes more than a short excerpt of the input.
 *
 * <p>The decoder does not throw this: it emits an {@link MsrpDecodeError} carrying the same {@link Reason}.
 */
public class MsrpProtocolException extends Exception {

    /** Why MSRP input was refused. */
    public enum Reason {
        /** The start line is not {@code MSRP SP transact-id SP (method / status-code [SP comment])}. */
        BAD_START_LINE,
        /** The transaction id is not an RFC 4975 ident or is longer than {@link MsrpLimits#maxTransactionIdLength()}. */
        BAD_TRANSACTION_ID,
        /** Start line and headers together exceed {@link MsrpLimits#maxHeadBytes()}. */
        HEADERS_TOO_LARGE,
        /** More header lines than {@link MsrpLimits#maxHeaders()}. */
        TOO_MANY_HEADERS,
        /** The first header is not {@code To-Path} (RFC 4975 §7.1 puts it first). */
        MISSING_TO_PATH,
        /** The second header is not {@code From-Path}. */
        MISSING_FROM_PATH,
        /** A header line is not {@code name: value}, holds characters outside utf8text, or repeats a single header. */
        BAD_HEADER,
        /** A path header holds something that is not an MSRP URI (RFC 4975 §9). */
        BAD_URI,
        /** Byte-Range, Status, Success-Report, Failure-Report, Message-ID or Content-Type has an invalid value. */
        BAD_HEADER_VALUE,
        /** A request has a body but no Content-Type. */
        MISSING_CONTENT_TYPE,
        /** A response has a body (RFC 4975 responses end right after their headers). */
        UNEXPECTED_BODY,
        /** A request body exceeds {@link MsrpLimits#maxChunkBytes()}. */
        CHUNK_TOO_LARGE,
        /** A line that starts like an end-line is not {@code -------<transact-id>(+/$/#)CRLF}. */
        BAD_END_LINE,
        /** The connection closed in the middle of a request or response. */
        INCOMPLETE,
        /** Chunks of one message disagree: ranges, totals or overlapping bytes differ. */
        CHUNK_MISMATCH,
        /** A reassembled message would exceed the reassembler's limit. */
        MESSAGE_TOO_LARGE
    }

    private final Reason reason;

    public MsrpProtocolException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
