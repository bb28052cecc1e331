package net.cpmpf.msrp;

import java.util.List;
import java.util.Objects;

/**
 * The head of a request: {@code MSRP <tid> <method>} and its headers. The body, if any, comes separately as
 * {@link MsrpContent} parts ending with a {@link LastMsrpContent}, or together with the head in an {@link MsrpChunk}.
 * A request has a body exactly when it has a Content-Type.
 *
 * @param transactionId the transaction id; the end-line repeats it
 * @param method SEND, REPORT, AUTH or any other {@code 1*UPALPHA}
 * @param toPath To-Path, at least one URI
 * @param fromPath From-Path, at least one URI
 * @param headers every other header, in wire order
 */
public record MsrpRequest(
        String transactionId, MsrpMethod method, List<MsrpUri> toPath, List<MsrpUri> fromPath, MsrpHeaders headers)
        implements MsrpMessage {

    public MsrpRequest {
        Objects.requireNonNull(method, "method");
        toPath = List.copyOf(toPath);
        fromPath = List.copyOf(fromPath);
        Syntax.checkMessage(transactionId, toPath, fromPath, headers);
    }

    /** Whether a body (possibly empty) follows the headers on the wire. */
    public boolean hasBody() {
        return headers.contentType().isPresent();
    }

    /** A copy with other paths, as a relay forwards a request (RFC 4976 §6.2) or a B2BUA rewrites it. */
    public MsrpRequest withPaths(List<MsrpUri> newToPath, List<MsrpUri> newFromPath) {
        return new MsrpRequest(transactionId, method, newToPath, newFromPath, headers);
    }

    public MsrpRequest withTransactionId(String newTransactionId) {
        return new MsrpRequest(newTransactionId, method, toPath, fromPath, headers);
    }

    public MsrpRequest withHeaders(MsrpHeaders newHeaders) {
        return new MsrpRequest(transactionId, method, toPath, fromPath, newHeaders);
    }
}
