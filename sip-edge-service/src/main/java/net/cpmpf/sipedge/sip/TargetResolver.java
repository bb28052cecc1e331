package net.cpmpf.sipedge.sip;

import java.util.Optional;

/**
 * Where a request for a given Request-URI really goes when the PF itself is the proxy for it: in lab mode a GRUU the
 * PF minted stands for a registered contact (RFC 5627 §5.1), so the request is retargeted to that contact.
 */
@FunctionalInterface
public interface TargetResolver {

    TargetResolver NONE = uri -> Optional.empty();

    /** The contact that replaces {@code requestUri}, or empty to send it as it is. */
    Optional<String> resolve(String requestUri);
}
