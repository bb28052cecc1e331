package net.cpmpf.msrp;

import java.util.Objects;
import net.cpmpf.msrp.MsrpProtocolException.Reason;

/**
 * The decoder's report of input it refused, emitted in place of a message (a decode failure travels as data, not as
 * an exception). It tells the handler what it may still do:
 *
 * <ul>
 *   <li>{@link #closeConnection()} false: the decoder found the refused message's end-line and goes on with the next
 *       message; if {@link #canRespond()}, answer 400 with {@link #transactionId()}.
 *   <li>{@link #closeConnection()} true: framing is lost (or the peer exceeded a limit); the decoder discards all
 *       further input and the connection should be closed. If a request head was already emitted, its body ends here
 *       without a {@link LastMsrpContent}.
 * </ul>
 *
 * @param reason why
 * @param detail what and where, with at most a short excerpt of the input
 * @param transactionId the refused message's transaction id, or {@code null} if it could not be read
 * @param method the refused request's method, or {@code null} for a response or when it could not be read
 * @param closeConnection whether the decoder lost framing and the connection must be closed
 */
public record MsrpDecodeError(
        Reason reason, String detail, String transactionId, MsrpMethod method, boolean closeConnection) {

    public MsrpDecodeError {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    /**
     * Whether a 400 response may be sent: the connection stays, the request and its transaction id are known, and it
     * is not a REPORT (RFC 4975 §7.1.2: REPORTs get no response).
     */
    public boolean canRespond() {
        return !closeConnection && transactionId != null && method != null && !MsrpMethod.REPORT.equals(method);
    }

    /** The same refusal as an exception, for callers that prefer one. */
    public MsrpProtocolException toException() {
        return new MsrpProtocolException(reason, detail);
    }
}
