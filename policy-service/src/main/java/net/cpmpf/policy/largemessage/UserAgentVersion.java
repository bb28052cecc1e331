package net.cpmpf.policy.largemessage;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * CR 8.3.2.1.1 step 2: does the client's {@code User-Agent} carry a version the PF requires? The versions are product
 * tokens (RFC 3261 §20.41, {@code name/version}), e.g. {@code CPM-client/OMA2.0} (OMA CPM Appendix C); a client
 * qualifies when one product of its User-Agent equals one of them, case-insensitively. Comments in parentheses are
 * not products. Nothing required: everyone qualifies; something required and no User-Agent: nobody.
 */
final class UserAgentVersion {

    private UserAgentVersion() {}

    static boolean supported(List<String> required, Optional<String> userAgent) {
        if (required.isEmpty()) {
            return true;
        }
        if (userAgent.isEmpty()) {
            return false;
        }
        List<String> products = products(userAgent.get());
        return required.stream()
                .map(version -> version.strip().toLowerCase(Locale.ROOT))
                .anyMatch(products::contains);
    }

    private static List<String> products(String userAgent) {
        StringBuilder outside = new StringBuilder();
        int depth = 0;
        for (char c : userAgent.toCharArray()) {
            if (c == '(') {
                depth++;
            } else if (c == ')' && depth > 0) {
                depth--;
                outside.append(' ');
            } else if (depth == 0) {
                outside.append(c);
            }
        }
        return List.of(outside.toString().toLowerCase(Locale.ROOT).strip().split("\\s+"));
    }
}
