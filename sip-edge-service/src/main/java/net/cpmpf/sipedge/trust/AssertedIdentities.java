package net.cpmpf.sipedge.trust;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import net.cpmpf.events.SipHeader;
import net.cpmpf.sipedge.sip.InboundRequest;
import org.springframework.stereotype.Component;

/**
 * RFC 3325 at the edge of the trust domain: a {@code P-Asserted-Identity} is believed only from the core. From
 * anyone else it is removed before the request goes any further (policy, forks, storage), so that nobody can claim
 * an identity by writing a header; the policy then sees an anonymous sender, or the From where that is configured.
 */
@Component
public class AssertedIdentities {

    private static final String HEADER = "P-Asserted-Identity";

    private final CoreAddresses core;
    private final Counter removed;

    AssertedIdentities(CoreAddresses core, MeterRegistry meters) {
        this.core = core;
        this.removed = Counter.builder("cpm.edge.untrusted.identities")
                .description("P-Asserted-Identity headers removed from requests from outside the trust domain")
                .register(meters);
    }

    /** The asserted identities the request may carry: all of them from the core, none from anyone else. */
    public List<String> of(InboundRequest request) {
        List<String> asserted = request.headers(HEADER);
        if (core.contains(request.source())) {
            return asserted;
        }
        if (!asserted.isEmpty()) {
            removed.increment();
        }
        return List.of();
    }

    /** The request's end-to-end headers, without an untrusted P-Asserted-Identity. */
    public List<SipHeader> screened(InboundRequest request) {
        if (core.contains(request.source())) {
            return request.endToEndHeaders();
        }
        return request.endToEndHeaders().stream()
                .filter(h -> !h.name().equalsIgnoreCase(HEADER))
                .toList();
    }
}
