package net.cpmpf.policy.decision;

import java.util.Objects;
import net.cpmpf.events.CpmEvent;
import net.cpmpf.events.DeferLargeMessageCommand;
import net.cpmpf.events.EdgeCommand;
import net.cpmpf.events.FinalResponseCommand;
import net.cpmpf.events.MessageDeferred;
import net.cpmpf.events.RoutedMessage;
import net.cpmpf.events.Topics;

/**
 * What becomes of one inbound message: an event handed on to the next service, an answer for the edge, or both. When
 * both, the hand-off is written first: the answer (202) may only go out once the message is safe on the backbone.
 *
 * @param handOffTopic where {@code handOff} goes, keyed by recipient; {@code null} without a hand-off
 * @param answer the command for the edge (a final response, or a large message's deferral), or {@code null} when the
 *     next service answers
 */
record Decision(String handOffTopic, CpmEvent handOff, EdgeCommand answer) {

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

    /**
     * A large message to defer (CR 8.3.2.1.1): the edge receives it as the MSRP endpoint and publishes the content;
     * nothing goes to the deferrals before the content exists.
     */
    static Decision deferLargeMessage(DeferLargeMessageCommand command) {
        return new Decision(null, null, command);
    }

    static Decision route(RoutedMessage routed) {
        return new Decision(Topics.ROUTED_MESSAGES, routed, null);
    }
}
