package net.cpmpf.msrp;

import java.util.List;

/**
 * Builds the answers RFC 4975 defines to a request: the hop-by-hop transaction response (§7.2) and the end-to-end
 * REPORT (§7.1.2), and says when each is wanted.
 */
public final class MsrpTransactions {

    private MsrpTransactions() {}

    /**
     * Whether {@code request} gets a transaction response with {@code status} (§7.2, §7.1.1): never for a REPORT;
     * never with {@code Failure-Report: no}; only an error with {@code Failure-Report: partial}.
     */
    public static boolean responseExpected(MsrpRequest request, int status) {
        if (MsrpMethod.REPORT.equals(request.method())) {
            return false;
        }
        return switch (request.headers().failureReport()) {
            case NO -> false;
            case PARTIAL -> status != 200;
            case YES -> true;
        };
    }

    /**
     * The response to {@code request}. Responses go back one hop only: To-Path is the request's previous hop (the first
     * URI of its From-Path) and From-Path the node answering (the first URI of its To-Path).
     *
     * @param comment the text after the status code, or {@code null}
     * @throws IllegalArgumentException for a REPORT, which is never answered
     */
    public static MsrpResponse response(MsrpRequest request, int status, String comment) {
        if (MsrpMethod.REPORT.equals(request.method())) {
            throw new IllegalArgumentException("REPORT requests get no response (RFC 4975 §7.1.2)");
        }
        return new MsrpResponse(
                request.transactionId(),
                status,
                comment,
                List.of(request.fromPath().get(0)),
                List.of(request.toPath().get(0)),
                MsrpHeaders.EMPTY);
    }

    /** Whether the sender of {@code send} asked for a success REPORT ({@code Success-Report: yes}). */
    public static boolean successReportRequested(MsrpRequest send) {
        return send.headers().successReport() == ReportMode.YES;
    }

    /**
     * A REPORT on {@code send}, from the endpoint it was addressed to. REPORTs travel end to end: To-Path is the whole
     * From-Path of the SEND, From-Path the last URI of its To-Path (this endpoint). Message-ID is the SEND's; the
     * REPORT carries no Success-Report or Failure-Report and no body.
     *
     * @param transactionId a new transaction id for the REPORT
     * @param range the bytes of the message the report covers, e.g. {@code 1-total/total} for a whole message
     * @throws IllegalArgumentException when {@code send} has no Message-ID
     */
    public static MsrpRequest report(MsrpRequest send, String transactionId, ByteRange range, MsrpStatus status) {
        String messageId = send.headers()
                .messageId()
                .orElseThrow(() -> new IllegalArgumentException("a REPORT names the Message-ID of its SEND"));
        MsrpHeaders headers = MsrpHeaders.builder()
                .messageId(messageId)
                .byteRange(range)
                .status(status)
                .build();
        List<MsrpUri> to = send.toPath();
        return new MsrpRequest(
                transactionId, MsrpMethod.REPORT, send.fromPath(), List.of(to.get(to.size() - 1)), headers);
    }
}
