package net.cpmpf.defer.redelivery;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import net.cpmpf.defer.devices.DeviceRegistry;
import net.cpmpf.events.CpmAddress;
import net.cpmpf.events.CpmEvent;
import net.cpmpf.events.ForkTarget;
import net.cpmpf.events.RegistrationChanged;
import net.cpmpf.events.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * A registration change is the moment to deliver what waits: each capable device online now gets the pending messages
 * it lacks. Only devices with a {@code +sip.instance} can be tracked; the others are skipped (and counted), because a
 * contact URI changes with every re-registration and would get every message again.
 */
@Component
class RegistrationListener {

    private static final Logger log = LoggerFactory.getLogger(RegistrationListener.class);

    private final DeviceRegistry devices;
    private final Redelivery redelivery;
    private final MeterRegistry meters;
    private final Clock clock;

    RegistrationListener(DeviceRegistry devices, Redelivery redelivery, MeterRegistry meters, Clock clock) {
        this.devices = devices;
        this.redelivery = redelivery;
        this.meters = meters;
        this.clock = clock;
    }

    // The group is spring.application.name, as for every listener here: the delivery service reads this topic in its
    // own group. A consumer thread: the offset is committed once the state is kept and the copies are on the backbone.
    @KafkaListener(id = "registrations", idIsGroup = false, topics = Topics.REGISTRATIONS)
    void onRegistration(CpmEvent event) {
        if (!(event instanceof RegistrationChanged change)) {
            throw new IllegalArgumentException(
                    "not a registration change: " + event.getClass().getSimpleName());
        }
        String user = CpmAddress.normalize(change.user());
        List<ForkTarget> capable = devices.capable(change.contacts(), clock.instant());
        List<ForkTarget> tracked =
                capable.stream().filter(t -> t.instanceId() != null).toList();
        if (tracked.size() < capable.size()) {
            meters.counter("cpm.defer.untracked-contacts").increment(capable.size() - tracked.size());
            log.info(
                    "{}: {} capable contacts without +sip.instance get no deferred messages",
                    user,
                    capable.size() - tracked.size());
        }
        List<String> instances = tracked.stream().map(ForkTarget::instanceId).toList();
        if (!devices.apply(change, instances).block()) {
            log.debug("stale registration of {} v{} from {}", user, change.version(), change.source());
            return;
        }
        if (tracked.isEmpty()) {
            return;
        }
        if (change.edge() == null) {
            log.warn("registration of {} names no edge: deferred messages wait for the next change", user);
            return;
        }
        redelivery.deliverPending(user, tracked, change.edge(), change.correlationId());
    }
}
