package net.cpmpf.policy.decision;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import net.cpmpf.events.InboundMessage;

/**
 * CR 8.3.2.1 step 3: is a message with an Expires header still valid? It expires {@code Expires} seconds after its
 * Date (RFC 3261 §20.17, §20.19), or after its arrival when it has no Date. An Expires that does not parse is left
 * alone: refusing a message for a malformed optional header would lose it.
 */
final class Expiry {

    private Expiry() {}

    static boolean expired(InboundMessage message) {
        return validUntil(message)
                .map(until -> until.isBefore(message.receivedAt()))
                .orElse(false);
    }

    /** When the message stops being valid, if it says. */
    static Optional<Instant> validUntil(InboundMessage message) {
        return message.header("Expires").flatMap(Expiry::seconds).map(seconds -> sentAt(message)
                .plusSeconds(seconds));
    }

    private static Instant sentAt(InboundMessage message) {
        return message.header("Date")
                .flatMap(date -> {
                    try {
                        return Optional.of(ZonedDateTime.parse(date.strip(), DateTimeFormatter.RFC_1123_DATE_TIME)
                                .toInstant());
                    } catch (DateTimeParseException e) {
                        return Optional.empty();
                    }
                })
                .orElse(message.receivedAt());
    }

    private static Optional<Long> seconds(String value) {
        try {
            long seconds = Long.parseLong(value.strip());
            return seconds < 0 ? Optional.empty() : Optional.of(seconds);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
