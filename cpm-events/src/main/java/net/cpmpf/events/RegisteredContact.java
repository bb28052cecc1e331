package net.cpmpf.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One active contact of a registered CPM user.
 *
 * @param contactUri the Contact URI as registered (where lab mode routes a GRUU to)
 * @param instanceId the {@code +sip.instance} value without quotes and angle brackets (e.g. {@code
 *     urn:uuid:…}), or {@code null} for a contact without one
 * @param publicGruu the public GRUU (RFC 5627/5628), or {@code null}
 * @param tempGruu the newest temporary GRUU, or {@code null}
 * @param featureTags the contact's feature tags as {@code name} or {@code name="value"}, e.g. {@code
 *     +g.oma.sip-im} or {@code +g.3gpp.icsi-ref="urn%3Aurn-7%3A3gpp-service.ims.icsi.oma.cpm.msg"}
 * @param expiresAt when the registration of this contact ends unless refreshed
 */
public record RegisteredContact(
        String contactUri,
        String instanceId,
        String publicGruu,
        String tempGruu,
        List<String> featureTags,
        Instant expiresAt) {

    public RegisteredContact {
        Objects.requireNonNull(contactUri, "contactUri");
        Objects.requireNonNull(expiresAt, "expiresAt");
        featureTags = featureTags == null ? List.of() : List.copyOf(featureTags);
    }
}
