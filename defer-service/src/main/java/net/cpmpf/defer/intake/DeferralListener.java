package net.cpmpf.defer.intake;

import io.micrometer.core.instrument.MeterRegistry;
import net.cpmpf.defer.devices.DeviceRegistry;
import net.cpmpf.defer.store.DeferredStore;
import net.cpmpf.defer.system.Backbone;
import net.cpmpf.events.CpmAddress;
import net.cpmpf.events.CpmEvent;
import net.cpmpf.events.DeferralNotice;
import net.cpmpf.events.MessageDeferred;
import net.cpmpf.events.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Takes over deferred messages (CR 8.3.2.3): stores each one, then has the user told (Deferred Message Notification,
 * CR 8.3.2.4.x). The offset is committed only after both, so a crash at any point repeats work and loses nothing: a
 * repeated event finds the message stored, and a crash between the notice and its mark repeats the notice.
 */
@Component
class DeferralListener {

    private static final Logger log = LoggerFactory.getLogger(DeferralListener.class);

    private final DeferredStore store;
    private final DeviceRegistry devices;
    private final Backbone backbone;
    private final MeterRegistry meters;

    DeferralListener(DeferredStore store, DeviceRegistry devices, Backbone backbone, MeterRegistry meters) {
        this.store = store;
        this.devices = devices;
        this.backbone = backbone;
        this.meters = meters;
        meters.counter("cpm.defer.stored"); // registered up front: dashboards show zero, not nothing
    }

    // A consumer thread: blocking keeps the offset uncommitted until Redis and the backbone have what they must.
    @KafkaListener(id = "deferrals", idIsGroup = false, topics = Topics.DEFERRALS)
    void onDeferral(CpmEvent event) {
        if (!(event instanceof MessageDeferred deferred)) {
            throw new IllegalArgumentException(
                    "not a deferred message: " + event.getClass().getSimpleName());
        }
        var stored = store.store(deferred).block();
        log.debug("{} {} for {}", stored, deferred.messageUriId(), deferred.recipient());
        if (stored == DeferredStore.Stored.NEW) {
            meters.counter("cpm.defer.stored").increment();
        }
        if (!stored.needsNotice()) {
            return;
        }
        String user = CpmAddress.normalize(deferred.recipient());
        boolean registered = devices.capableRegistered(user).block();
        backbone.send(
                Topics.DEFERRAL_NOTICES,
                deferred.recipient(),
                new DeferralNotice(DeferralNotice.Kind.STORED, deferred, registered));
        store.markNotified(deferred.messageUriId()).block();
    }
}
