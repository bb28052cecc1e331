package net.cpmpf.events;

/** A command for one SIP edge, published to that edge's own partition of {@link Topics#EDGE_COMMANDS}. */
public sealed interface EdgeCommand extends CpmEvent
        permits FinalResponseCommand,
                ForkCommand,
                SendRequestCommand,
                DeferLargeMessageCommand,
                SendLargeMessageCommand {}
