package net.cpmpf.policy.preferences;

import java.util.Set;

/**
 * A user's active preference profile for incoming messages, provisioned as JSON on {@code
 * /api/v1/users/{user}/preferences}.
 *
 * @param handling what to do with an incoming message: {@code deliver} (default), {@code defer}, {@code store} or
 *     {@code interwork} (CR 8.3.2.1 step 4)
 * @param history whether delivered messages are recorded in the conversation history
 */
public record Preferences(String handling, Boolean history) {

    static final Set<String> HANDLINGS = Set.of("deliver", "defer", "store", "interwork");

    public static final Preferences DEFAULTS = new Preferences(null, null);

    public Preferences {
        handling = handling == null ? "deliver" : handling;
        if (!HANDLINGS.contains(handling)) {
            throw new IllegalArgumentException("handling must be one of " + HANDLINGS + ": " + handling);
        }
        history = history != null && history;
    }
}
