package net.cpmpf.policy.access;

import java.util.Locale;
import java.util.Optional;
import net.cpmpf.events.CpmAddress;
import net.cpmpf.events.InboundMessage;

/**
 * Who sent a message, as the access policy needs to know it: the Authenticated Originator's CPM Address, which is
 * the first P-Asserted-Identity the network put on the request (RFC 3325), or where so configured the From URI. A
 * message whose sender is not known, or who asked for privacy (RFC 3323), is anonymous.
 */
public record Originator(String address, boolean anonymous) {

    public static Originator of(InboundMessage message, boolean fromFallback) {
        Optional<String> asserted = message.assertedIdentities().stream()
                .map(CpmAddress::uriOf)
                .flatMap(uri -> normalized(uri).stream())
                .findFirst();
        Optional<String> address = asserted.isPresent() || !fromFallback
                ? asserted
                : normalized(CpmAddress.uriOf(message.from())).filter(uri -> !uri.contains("anonymous.invalid"));
        boolean privacy = message.header("Privacy")
                .map(p -> p.toLowerCase(Locale.ROOT))
                .map(p -> p.contains("id") || p.contains("header") || p.contains("user"))
                .orElse(false);
        return new Originator(address.orElse(null), privacy || address.isEmpty());
    }

    private static Optional<String> normalized(String uri) {
        try {
            return Optional.of(CpmAddress.normalize(uri));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
