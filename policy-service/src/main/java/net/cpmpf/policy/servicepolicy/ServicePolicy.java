package net.cpmpf.policy.servicepolicy;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The service provider's policy, provisioned as JSON on {@code /api/v1/service-policy}. A field left out takes its
 * default; a value out of its bounds is refused.
 *
 * @param pagerSizeLimit largest Pager Mode body in bytes; RFC 3428 §7 keeps MESSAGE at 1300 unless the operator
 *     raises it (at most 1 MiB here)
 * @param allowedContentTypes body types a Pager Mode message may carry, {@code type/subtype}; listed in the Accept
 *     of the 415 that refuses others
 * @param anonymityAllowed whether a request may ask for anonymity (Large Message Mode check)
 * @param requiredUserAgentVersions User-Agent versions a Large Message Mode client must have; empty: any
 * @param deferralExpiry how long a deferred message is kept when the request does not say (ISO-8601, e.g. P7D)
 */
public record ServicePolicy(
        Integer pagerSizeLimit,
        List<String> allowedContentTypes,
        Boolean anonymityAllowed,
        List<String> requiredUserAgentVersions,
        Duration deferralExpiry) {

    static final int MAX_PAGER_SIZE = 1 << 20;

    public static final ServicePolicy DEFAULTS = new ServicePolicy(null, null, null, null, null);

    public ServicePolicy {
        pagerSizeLimit = pagerSizeLimit == null ? 1300 : pagerSizeLimit;
        if (pagerSizeLimit < 1 || pagerSizeLimit > MAX_PAGER_SIZE) {
            throw new IllegalArgumentException("pagerSizeLimit must be 1.." + MAX_PAGER_SIZE + ": " + pagerSizeLimit);
        }
        allowedContentTypes = allowedContentTypes == null
                ? List.of("text/plain", "message/cpim", "application/im-iscomposing+xml")
                : allowedContentTypes.stream()
                        .map(type -> type.strip().toLowerCase(Locale.ROOT))
                        .toList();
        if (allowedContentTypes.isEmpty()
                || allowedContentTypes.stream()
                        .anyMatch(type -> !type.matches("[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+"))) {
            throw new IllegalArgumentException(
                    "allowedContentTypes must be type/subtype values: " + allowedContentTypes);
        }
        anonymityAllowed = anonymityAllowed == null || anonymityAllowed;
        requiredUserAgentVersions =
                requiredUserAgentVersions == null ? List.of() : List.copyOf(requiredUserAgentVersions);
        deferralExpiry = deferralExpiry == null ? Duration.ofDays(7) : deferralExpiry;
        if (deferralExpiry.isNegative() || deferralExpiry.isZero()) {
            throw new IllegalArgumentException("deferralExpiry must be positive: " + deferralExpiry);
        }
    }

    /** Whether a body of this Content-Type may be carried; parameters (charset…) do not matter. */
    public boolean allows(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return true;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return allowedContentTypes.contains(type);
    }
}
