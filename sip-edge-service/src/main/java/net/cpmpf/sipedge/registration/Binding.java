package net.cpmpf.sipedge.registration;

import java.time.Instant;
import java.util.List;
import net.cpmpf.events.RegisteredContact;

/**
 * One contact bound to an address-of-record by the lab-mode registrar.
 *
 * @param instanceId the {@code +sip.instance} URN without quotes and angle brackets, or {@code null}
 * @param publicGruu minted from the AoR and the instance (RFC 5627 §3.1), or {@code null} without an instance
 * @param tempGruu an opaque temporary GRUU, or {@code null} without an instance
 */
record Binding(
        String contactUri,
        String instanceId,
        String publicGruu,
        String tempGruu,
        List<String> featureTags,
        String callId,
        long cseq,
        Instant expiresAt) {

    Binding {
        featureTags = List.copyOf(featureTags);
    }

    long secondsLeft(Instant now) {
        return Math.max(0, expiresAt.getEpochSecond() - now.getEpochSecond());
    }

    RegisteredContact toContact() {
        return new RegisteredContact(contactUri, instanceId, publicGruu, tempGruu, featureTags, expiresAt);
    }
}
