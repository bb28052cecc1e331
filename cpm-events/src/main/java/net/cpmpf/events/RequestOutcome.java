package net.cpmpf.events;

import java.util.Objects;

/**
 * How a {@link SendRequestCommand} ended, published by the edge to {@link Topics#REQUEST_OUTCOMES} keyed by the
 * command's key.
 *
 * @param status the final response's status; 408 when nothing answered in time, 503 when the request could not be
 *     sent at all
 */
public record RequestOutcome(String correlationId, String purpose, String key, int status, String reason)
        implements CpmEvent {

    public RequestOutcome {
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(key, "key");
    }

    public boolean succeeded() {
        return status >= 200 && status < 300;
    }
}
