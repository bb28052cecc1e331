package net.cpmpf.events;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which of a user's registered clients get a Pager Mode message (CR 8.3.2.1 step 5): those whose feature tags say
 * they take CPM messages. Each gets the copy at its public GRUU, so that the core delivers it to that device alone; a
 * contact without one is reached at its Contact URI. One copy per device: contacts sharing an instance id are one
 * device.
 */
public final class ClientSelection {

    private final List<FeatureTag> capabilities;
    private final boolean requireCapability;

    /**
     * @param capabilities feature tags of which a client must have one, as {@code name} or {@code name=value} (the
     *     value matches one element of the contact's quoted, comma-separated list, e.g. one ICSI)
     * @param requireCapability when false, a client that shows no feature tags at all is selected too
     */
    public ClientSelection(List<String> capabilities, boolean requireCapability) {
        this.capabilities = capabilities.stream().map(FeatureTag::parse).toList();
        this.requireCapability = requireCapability;
    }

    public List<ForkTarget> select(List<RegisteredContact> contacts) {
        Map<String, ForkTarget> byDevice = new LinkedHashMap<>();
        for (RegisteredContact contact : contacts) {
            if (!capable(contact)) {
                continue;
            }
            String uri = contact.publicGruu() != null ? contact.publicGruu() : contact.contactUri();
            String device = contact.instanceId() != null ? contact.instanceId() : uri;
            byDevice.putIfAbsent(device, new ForkTarget(uri, contact.instanceId()));
        }
        return new ArrayList<>(byDevice.values());
    }

    private boolean capable(RegisteredContact contact) {
        if (contact.featureTags().isEmpty()) {
            return !requireCapability;
        }
        List<FeatureTag> tags =
                contact.featureTags().stream().map(FeatureTag::parse).toList();
        return capabilities.stream().anyMatch(wanted -> tags.stream().anyMatch(wanted::isSatisfiedBy));
    }

    /** A feature tag (RFC 3840) as {@code name} with the elements of its value list, if any. */
    private record FeatureTag(String name, List<String> values) {

        static FeatureTag parse(String tag) {
            int equals = tag.indexOf('=');
            if (equals < 0) {
                return new FeatureTag(tag.strip().toLowerCase(Locale.ROOT), List.of());
            }
            String value = tag.substring(equals + 1).strip();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            List<String> values = new ArrayList<>();
            for (String element : value.split(",")) {
                if (!element.isBlank()) {
                    values.add(element.strip());
                }
            }
            return new FeatureTag(tag.substring(0, equals).strip().toLowerCase(Locale.ROOT), values);
        }

        /** Whether a contact's tag {@code offered} has this name and, if this one names values, one of them. */
        boolean isSatisfiedBy(FeatureTag offered) {
            return name.equals(offered.name)
                    && (values.isEmpty() || offered.values.stream().anyMatch(values::contains));
        }
    }
}
