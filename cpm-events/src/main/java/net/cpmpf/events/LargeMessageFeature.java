package net.cpmpf.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The CPM feature tag of Large Message Mode (CR 8.3.2.1.1): {@code +g.oma.sip-im.large-message}, or the 3GPP ICSI
 * {@code urn:urn-7:3gpp-service.ims.icsi.oma.cpm.largemsg} in {@code +g.3gpp.icsi-ref} (RFC 3840 feature parameters,
 * in an {@code Accept-Contact} or {@code Contact} value). The edge uses it to tell a large message from another
 * session; the delivery service to pick the clients that take one.
 */
public final class LargeMessageFeature {

    /** The OMA feature tag. */
    public static final String TAG = "+g.oma.sip-im.large-message";

    /** The ICSI feature tag as a {@code name=value} selection setting (its value percent-encoded, RFC 3840 §9). */
    public static final String ICSI_TAG = "+g.3gpp.icsi-ref=urn%3Aurn-7%3A3gpp-service.ims.icsi.oma.cpm.largemsg";

    private static final String ICSI_NAME = "+g.3gpp.icsi-ref";
    private static final String ICSI = "urn:urn-7:3gpp-service.ims.icsi.oma.cpm.largemsg";

    private LargeMessageFeature() {}

    /** Whether any of these header values (Accept-Contact or Contact, possibly comma lists) names the feature. */
    public static boolean requested(List<String> headerValues) {
        for (String value : headerValues) {
            for (String element : split(value, ',')) {
                if (inParameters(element)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** One header element: its parameters after the address ({@code <uri>}) or the {@code *} of Accept-Contact. */
    private static boolean inParameters(String element) {
        int close = element.lastIndexOf('>');
        String params = close >= 0 ? element.substring(close + 1) : element;
        for (String param : split(params, ';')) {
            int equals = param.indexOf('=');
            String name =
                    (equals < 0 ? param : param.substring(0, equals)).strip().toLowerCase(Locale.ROOT);
            if (name.equals(TAG) && equals < 0) {
                return true;
            }
            if (name.equals(ICSI_NAME) && equals > 0) {
                String list = unquote(param.substring(equals + 1).strip());
                for (String icsi : list.split(",")) {
                    if (decode(icsi.strip()).equalsIgnoreCase(ICSI)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1)
                : value;
    }

    /** Only {@code %3A}/{@code %3a} appears in ICSIs; other escapes are left as they are. */
    private static String decode(String icsi) {
        return icsi.replace("%3A", ":").replace("%3a", ":");
    }

    /** Splits on {@code separator} outside double quotes and angle brackets. */
    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        int angle = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '<') {
                angle++;
            } else if (!quoted && c == '>' && angle > 0) {
                angle--;
            } else if (!quoted && angle == 0 && c == separator) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }
}
