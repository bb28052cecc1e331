package net.cpmpf.xml.reginfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the device identity and the capabilities out of a contact's {@code <unknown-param>}s.
 *
 * <p>The feature tag rule: a parameter is a feature tag when its name starts with {@code +} (RFC 3840 §9 encodes
 * every tag outside the base tree that way: {@code +sip.*}, {@code +g.*}, {@code +u.*}), except {@code +sip.instance},
 * which identifies the device rather than a capability; or when its name is one of the RFC 3840 base tags, which
 * appear bare in a Contact ({@code audio}, {@code video}, {@code text}, {@code methods}, …, see {@link #BASE_TAGS}).
 * Anything else ({@code reg-id}, {@code expires}, {@code transport}…) is not a capability. Tag names are compared
 * and returned in lower case (they are case-insensitive); values are kept as sent, without their outer quotes.
 */
public final class ContactParams {

    /** The RFC 3840 §10 base tags, as they appear (without the {@code sip.} tree) in a Contact header. */
    public static final Set<String> BASE_TAGS = Set.of(
            "actor",
            "application",
            "audio",
            "automata",
            "class",
            "control",
            "data",
            "description",
            "duplex",
            "events",
            "extensions",
            "isfocus",
            "language",
            "methods",
            "mobility",
            "priority",
            "schemes",
            "text",
            "type",
            "video");

    /** The RFC 5626 device identity parameter. */
    public static final String INSTANCE = "+sip.instance";

    private ContactParams() {}

    /**
     * The {@code +sip.instance} value without quotes and angle brackets (e.g. {@code urn:uuid:…}), or {@code null}
     * when the contact has none.
     */
    public static String instanceId(Contact contact) {
        for (Contact.UnknownParam param : contact.unknownParams()) {
            if (INSTANCE.equalsIgnoreCase(param.name()) && param.value() != null) {
                String id = unquote(param.value());
                if (id.startsWith("<") && id.endsWith(">")) {
                    id = id.substring(1, id.length() - 1).strip();
                }
                return id.isEmpty() ? null : id;
            }
        }
        return null;
    }

    /** The contact's feature tags as {@code name} or {@code name="value"}, in document order. */
    public static List<String> featureTags(Contact contact) {
        List<String> tags = new ArrayList<>();
        for (Contact.UnknownParam param : contact.unknownParams()) {
            String name = param.name().strip().toLowerCase(Locale.ROOT);
            if (isFeatureTag(name)) {
                tags.add(param.value() == null ? name : name + "=\"" + unquote(param.value()) + "\"");
            }
        }
        return List.copyOf(tags);
    }

    /** Whether a lower-case Contact parameter name is a feature tag by the rule above. */
    public static boolean isFeatureTag(String name) {
        return name.startsWith("+") ? name.length() > 1 && !name.equals(INSTANCE) : BASE_TAGS.contains(name);
    }

    private static String unquote(String value) {
        String stripped = value.strip();
        return stripped.length() >= 2 && stripped.startsWith("\"") && stripped.endsWith("\"")
                ? stripped.substring(1, stripped.length() - 1).strip()
                : stripped;
    }
}
