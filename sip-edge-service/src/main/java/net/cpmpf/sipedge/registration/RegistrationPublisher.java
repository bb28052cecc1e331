package net.cpmpf.sipedge.registration;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import net.cpmpf.events.RegisteredContact;
import net.cpmpf.events.RegistrationChanged;
import net.cpmpf.events.ReplyAddress;
import net.cpmpf.events.Topics;
import net.cpmpf.sipedge.backbone.BackboneClient;
import net.cpmpf.sipedge.backbone.Publisher;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/** Publishes a user's full registration state after each change, for the GRUU cache and for deferred delivery. */
@Component
class RegistrationPublisher {

    private final Publisher publisher;
    private final ReplyAddress edge;
    private final Clock clock = Clock.systemUTC();

    /** @param edge this edge's command partition, named in every change so that deferred delivery comes here */
    @Autowired
    RegistrationPublisher(Publisher publisher, BackboneClient backbone) {
        this(publisher, backbone.replyAddress());
    }

    RegistrationPublisher(Publisher publisher, ReplyAddress edge) {
        this.publisher = publisher;
        this.edge = edge;
    }

    CompletableFuture<?> publish(String user, String source, long version, List<RegisteredContact> contacts) {
        var change = new RegistrationChanged(
                UUID.randomUUID().toString(), user, source, version, clock.instant(), contacts, edge);
        return publisher.send(Topics.REGISTRATIONS, user, change);
    }
}
