package net.cpmpf.xml.commonpolicy;

import java.time.Instant;
import java.util.Objects;
import net.cpmpf.events.CpmAddress;

/**
 * What {@link AccessPolicy} evaluates a ruleset against: one incoming request to the policy's owner.
 *
 * @param originator the authenticated originator's CPM address, normalised here with {@link CpmAddress#normalize};
 *     {@code null} only when the request is anonymous and the PF does not know who sent it. When an anonymous
 *     request does carry an asserted identity, pass it: the recipient's identity rules still apply to it, so that a
 *     blocked sender cannot get through by asking for anonymity
 * @param featureTag the service's feature tag, e.g. {@code +g.oma.sip-cpm}
 * @param media the OMA media name, e.g. {@code pager-mode-message} or {@code large-message}
 * @param anonymous whether the originator asked for anonymity (privacy)
 * @param now the instant validity conditions are checked at
 */
public record Request(String originator, String featureTag, String media, boolean anonymous, Instant now) {

    public Request {
        if (originator == null && !anonymous) {
            throw new IllegalArgumentException("a request that is not anonymous needs its originator");
        }
        originator = originator == null ? null : CpmAddress.normalize(originator);
        Objects.requireNonNull(featureTag, "featureTag");
        Objects.requireNonNull(media, "media");
        Objects.requireNonNull(now, "now");
    }
}
