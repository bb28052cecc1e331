package net.cpmpf.notification.notice;

import io.micrometer.core.instrument.MeterRegistry;
import net.cpmpf.events.CpmEvent;
import net.cpmpf.events.DeferralNotice;
import net.cpmpf.events.MessageDeferred;
import net.cpmpf.events.RequestOutcome;
import net.cpmpf.events.SendRequestCommand;
import net.cpmpf.events.Topics;
import net.cpmpf.notification.system.NotificationProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.stereotype.Component;

/**
 * Turns deferral notices into SIP MESSAGEs the edge sends: the Deferred Message Notification (CR 8.3.2.4.x step 3) to
 * the user's CPM address or, with no client registered, to the IWF; the expiry notice to the sender. A notification the
 * user's client refused is sent once more to the IWF.
 */
@Component
class NoticeListener {

    private static final Logger log = LoggerFactory.getLogger(NoticeListener.class);
    private static final String REFUSED_PREFIX = SystemMessages.NOTIFICATION + ":";

    private final SystemMessages messages;
    private final RecentNotices recent;
    private final boolean fallbackToIwf;
    private final KafkaOperations<String, Object> kafka;
    private final MeterRegistry meters;

    NoticeListener(NotificationProperties properties, KafkaOperations<String, Object> kafka, MeterRegistry meters) {
        this.messages = new SystemMessages(properties);
        this.recent = new RecentNotices(properties.recentNotices());
        this.fallbackToIwf = properties.fallbackToIwf() && properties.recentNotices() > 0;
        this.kafka = kafka;
        this.meters = meters;
        // Registered up front, so that dashboards show zero rather than nothing.
        meters.counter("cpm.notification.sent", "kind", "stored", "target", "user");
        meters.counter("cpm.notification.sent", "kind", "stored", "target", "iwf");
        meters.counter("cpm.notification.sent", "kind", "expired", "target", "sender");
        meters.gauge("cpm.notification.awaiting.outcome", recent, RecentNotices::size);
    }

    // One listener for both topics: both are keyed by recipient with as many partitions, so the range assignor (set
    // here, not left to a default) gives
    // this consumer the outcomes of the very notifications it sent, and RecentNotices can be local memory.
    // A consumer thread: each send is acked before the offset moves on. A redelivered notice builds the same command
    // with the same correlation id, which the edge sends only once.
    @KafkaListener(
            id = "notices",
            idIsGroup = false,
            topics = {Topics.DEFERRAL_NOTICES, Topics.REQUEST_OUTCOMES},
            properties = "partition.assignment.strategy=org.apache.kafka.clients.consumer.RangeAssignor")
    void onEvent(CpmEvent event) {
        if (event instanceof DeferralNotice notice) {
            onNotice(notice);
        } else if (event instanceof RequestOutcome outcome) {
            onOutcome(outcome);
        } else {
            throw new IllegalArgumentException("neither a deferral notice nor a request outcome: "
                    + event.getClass().getSimpleName());
        }
    }

    private void onNotice(DeferralNotice notice) {
        var deferred = notice.deferred();
        switch (notice.kind()) {
            case STORED -> {
                boolean toUser = notice.clientRegistered();
                if (toUser && fallbackToIwf) {
                    recent.remember(deferred);
                }
                send(deferred, messages.notification(deferred, toUser), "stored", toUser ? "user" : "iwf");
            }
            case EXPIRED ->
                messages.expiryNotice(deferred)
                        .ifPresentOrElse(command -> send(deferred, command, "expired", "sender"), () -> {
                            log.info("Expiry of {} not reported: no usable sender address", deferred.messageUriId());
                            meters.counter("cpm.notification.skipped", "kind", "expired", "reason", "no-sender")
                                    .increment();
                        });
        }
    }

    private void onOutcome(RequestOutcome outcome) {
        if (!SystemMessages.NOTIFICATION.equals(outcome.purpose())
                || !outcome.correlationId().startsWith(REFUSED_PREFIX)) {
            return;
        }
        var deferred = recent.take(outcome.correlationId().substring(REFUSED_PREFIX.length()));
        if (outcome.succeeded() || deferred.isEmpty()) {
            return;
        }
        log.info(
                "Notification of {} refused by the user's client ({} {}); sending it to the IWF",
                deferred.get().messageUriId(),
                outcome.status(),
                outcome.reason());
        send(deferred.get(), messages.iwfFallback(deferred.get()), "stored", "iwf");
    }

    /** To the edge that took the message, on the recipient's key. */
    private void send(MessageDeferred deferred, SendRequestCommand command, String kind, String target) {
        var replyTo = deferred.message().replyTo();
        kafka.send(Topics.EDGE_COMMANDS, replyTo.partition(), deferred.recipient(), command)
                .join();
        meters.counter("cpm.notification.sent", "kind", kind, "target", target).increment();
    }
}
