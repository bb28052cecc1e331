package net.cpmpf.sipedge.backbone;

import net.cpmpf.events.CpmEvent;
import net.cpmpf.events.EdgeCommand;
import net.cpmpf.events.SendLargeMessageCommand;
import net.cpmpf.events.SendRequestCommand;
import net.cpmpf.events.Topics;
import net.cpmpf.sipedge.largemessage.LargeMessageSender;
import net.cpmpf.sipedge.outbound.RequestSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.annotation.TopicPartition;
import org.springframework.stereotype.Component;

/**
 * Reads this edge's own partition of the command topic. The partition is assigned, not balanced: only this edge
 * holds the transactions those commands answer. Offsets are committed, so a restarted edge skips quickly over the
 * answers it missed (their transactions died with it). A new edge reads from the start of what the topic keeps
 * (its retention is short): starting "at the end" would race the first answers, which can be written before a new
 * consumer has found the end, and would lose them.
 */
@Component
class EdgeCommandListener {

    private static final Logger log = LoggerFactory.getLogger(EdgeCommandListener.class);

    private final BackboneClient backbone;
    private final RequestSender sender;
    private final LargeMessageSender largeMessages;

    EdgeCommandListener(BackboneClient backbone, RequestSender sender, LargeMessageSender largeMessages) {
        this.backbone = backbone;
        this.sender = sender;
        this.largeMessages = largeMessages;
    }

    @KafkaListener(
            id = "edge-commands",
            groupId = "${spring.application.name}-${cpm.edge.backbone.reply-partition:0}",
            topicPartitions =
                    @TopicPartition(
                            topic = Topics.EDGE_COMMANDS,
                            partitions = "${cpm.edge.backbone.reply-partition:0}"),
            properties = "auto.offset.reset=earliest")
    void onCommand(CpmEvent event) {
        if (!(event instanceof EdgeCommand command)) {
            throw new IllegalArgumentException(
                    "not an edge command: " + event.getClass().getSimpleName());
        }
        if (command instanceof SendRequestCommand send) {
            sender.send(send);
            return;
        }
        if (command instanceof SendLargeMessageCommand send) {
            largeMessages.send(send);
            return;
        }
        if (!backbone.complete(command)) {
            log.debug("No transaction waits for {} any more", command.correlationId());
        }
    }
}
