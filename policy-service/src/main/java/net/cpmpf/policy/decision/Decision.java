package net.cpmpf.policy.decision;

import java.util.Objects;
import net.cpmpf.events.CpmEvent;
import net.cpmpf.events.FinalResponseCommand;
import net.cpmpf.events.MessageDeferred;
import net.cpmpf.events.RoutedMessage;
import net.cpmpf.events.Topics;

/**
 * What becomes of one inbound message: an event handed on to the next service, an answer for the edge, or both. When
 * both, the hand-off is written first: the answer (202) may only go out once the message is safe on the backbone.
 *
 * @param handOffTopic where {@code handOff} goes, keyed by recipient; {@code null} without a hand-off
 * @param answer the final response for the edge, or {@code null} when the next service answers
 */
record Decision(String handOffTopic, CpmEvent handOff, FinalResponseCommand answer) {

    Decision {
        if ((handOffTopic == null) != (handOff == null) || (handOff == null && answer == null)) {
            throw new IllegalArgumentException("a decision hands the message on, answers, or both");
        }
    }

    static Decision answer(FinalResponseCommand answer) {
        return new Decision(null, null, Objects.requireNonNull(answer));
    }

    static Decision defer(MessageDeferred deferred) {
        return new Decision(
                Topics.DEFERRALS, deferred, FinalResponseCommand.of(deferred.correlationId(), 202, "Accepted"));
    }

    static Decision route(RoutedMessage routed) {
        return new Decision(Topics.ROUTED_MESSAGES, routed, null);
    }
}
