package net.cpmpf.delivery.registration;

import net.cpmpf.events.CpmEvent;
import net.cpmpf.events.RegistrationChanged;
import net.cpmpf.events.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the cache in step with the edges' registration events. Each event is a user's full state and the cache
 * ignores stale versions, so a redelivered or replayed record does no harm. Publishes nothing: the defer service
 * consumes the same topic itself.
 */
@Component
class RegistrationListener {

    private static final Logger log = LoggerFactory.getLogger(RegistrationListener.class);

    private final RegistrationCache cache;

    RegistrationListener(RegistrationCache cache) {
        this.cache = cache;
    }

    // The group stays spring.application.name: the defer service reads the same topic and needs every record too,
    // which a group named after this listener's id would not give it if it chose the same id.
    @KafkaListener(id = "registrations", idIsGroup = false, topics = Topics.REGISTRATIONS)
    void onRegistration(CpmEvent event) {
        if (!(event instanceof RegistrationChanged change)) {
            throw new IllegalArgumentException(
                    "not a registration change: " + event.getClass().getSimpleName());
        }
        // A consumer thread, not an event loop: waiting keeps the offset uncommitted until Redis has the state, and
        // the cache's command timeout bounds the wait.
        var outcome = cache.apply(change).block();
        log.debug("{} {} v{} from {}", outcome, change.user(), change.version(), change.source());
    }
}
