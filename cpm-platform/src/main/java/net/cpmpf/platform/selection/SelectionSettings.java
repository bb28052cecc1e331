package net.cpmpf.platform.selection;

import java.util.List;
import net.cpmpf.events.ClientSelection;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which registered clients take CPM messages, one setting for every service that chooses (delivery for live
 * messages, defer for deferred ones): a device gets deferred messages exactly when it would get live ones.
 *
 * @param featureTags a client qualifies when its Contact shows one of these, given as {@code name} or {@code
 *     name=value} (value: one element of the tag's quoted list, e.g. one ICSI)
 * @param requireCapability when false, clients that show no feature tags at all qualify too (simple lab clients);
 *     clients that show other tags only still do not
 */
public record SelectionSettings(
        @DefaultValue({
            "+g.oma.sip-im",
            "+g.3gpp.icsi-ref=urn%3Aurn-7%3A3gpp-service.ims.icsi.oma.cpm.msg",
            "+g.3gpp.icsi-ref=urn%3Aurn-7%3A3gpp-service.ims.icsi.oma.cpm.session"
        })
        List<String> featureTags,

        @DefaultValue("true") boolean requireCapability) {

    public SelectionSettings {
        if (featureTags == null || featureTags.isEmpty()) {
            throw new IllegalArgumentException("selection.feature-tags must name at least one feature tag");
        }
        featureTags = List.copyOf(featureTags);
    }

    public ClientSelection toClientSelection() {
        return new ClientSelection(featureTags, requireCapability);
    }
}
