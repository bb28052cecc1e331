package net.cpmpf.msrp;

import java.util.List;

/**
 * A response: {@code MSRP <tid> <status> [comment]}, its headers and the end-line; responses carry no body (RFC 4975
 * §7.2), so the decoder emits one complete object per response.
 *
 * @param transactionId the transaction id of the request answered
 * @param status three digits, 000..999
 * @param comment the text after the status code, or {@code null} when there is none
 * @param toPath To-Path: the previous hop of the request
 * @param fromPath From-Path: the node responding
 * @param headers every other header, in wire order
 */
public record MsrpResponse(
        String transactionId,
        int status,
        String comment,
        List<MsrpUri> toPath,
        List<MsrpUri> fromPath,
        MsrpHeaders headers)
        implements MsrpMessage {

    public MsrpResponse {
        toPath = List.copyOf(toPath);
        fromPath = List.copyOf(fromPath);
        Syntax.checkMessage(transactionId, toPath, fromPath, headers);
        if (status < 0 || status > 999) {
            throw new IllegalArgumentException("status has three digits: " + status);
        }
        if (comment != null && !Syntax.isUtf8Text(comment)) {
            throw new IllegalArgumentException("comment holds control characters");
        }
    }

    public boolean success() {
        return status / 100 == 2;
    }
}
