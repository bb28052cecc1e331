package net.cpmpf.events;

import java.util.List;
import java.util.Objects;

/**
 * Tells the edge holding the transaction {@link #correlationId()} to answer it with this final response.
 *
 * @param headers extra header fields for the response (e.g. Warning, Accept, Retry-After)
 * @param body optional response body; {@code equals} of this record compares it by reference
 */
public record FinalResponseCommand(
        String correlationId, int status, String reason, List<SipHeader> headers, String contentType, byte[] body)
        implements EdgeCommand {

    public FinalResponseCommand {
        Objects.requireNonNull(correlationId, "correlationId");
        if (status < 200 || status > 699) {
            throw new IllegalArgumentException("not a final status: " + status);
        }
        headers = headers == null ? List.of() : List.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    public static FinalResponseCommand of(String correlationId, int status, String reason, SipHeader... headers) {
        return new FinalResponseCommand(correlationId, status, reason, List.of(headers), null, null);
    }
}
