package net.cpmpf.sipedge.registration;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import net.cpmpf.events.RegisteredContact;
import net.cpmpf.events.RegistrationChanged;
import net.cpmpf.events.Topics;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.stereotype.Component;

/** Publishes a user's full registration state after each change, for the GRUU cache and for deferred delivery. */
@Component
class RegistrationPublisher {

    private final KafkaOperations<String, Object> kafka;
    private final Clock clock = Clock.systemUTC();

    RegistrationPublisher(KafkaOperations<String, Object> kafka) {
        this.kafka = kafka;
    }

    CompletableFuture<?> publish(String user, String source, long version, List<RegisteredContact> contacts) {
        var change =
                new RegistrationChanged(UUID.randomUUID().toString(), user, source, version, clock.instant(), contacts);
        return kafka.send(Topics.REGISTRATIONS, user, change);
    }
}
