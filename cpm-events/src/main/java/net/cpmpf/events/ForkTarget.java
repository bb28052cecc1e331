package net.cpmpf.events;

import java.util.Objects;

/**
 * One branch of a fork: where a copy of the request goes.
 *
 * @param requestUri the Request-URI of the copy: a client's public GRUU, or the IWF's URI
 * @param instanceId the client's {@code +sip.instance}, or {@code null} (IWF, contacts without one)
 */
public record ForkTarget(String requestUri, String instanceId) {

    public ForkTarget {
        Objects.requireNonNull(requestUri, "requestUri");
    }
}
