package net.cpmpf.defer.expiry;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import net.cpmpf.defer.devices.DeviceRegistry;
import net.cpmpf.defer.store.DeferredStore;
import net.cpmpf.defer.system.Backbone;
import net.cpmpf.defer.system.DeferProperties;
import net.cpmpf.events.CpmAddress;
import net.cpmpf.events.DeferralNotice;
import net.cpmpf.events.LargeMessageRemoval;
import net.cpmpf.events.MessageDeferred;
import net.cpmpf.events.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Drops messages no device took before their expiry, and reports each (expiry is reported, never silent). Publish,
 * then remove: a crash in between repeats the report rather than losing it. With several replicas, a replica takes a
 * message for reporting with an atomic lease ({@link DeferredStore#claimExpired}), so one replica reports it; a
 * replica that dies holding it leaves it to another after the lease.
 */
@Component
class ExpirySweeper implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ExpirySweeper.class);

    private final DeferredStore store;
    private final DeviceRegistry devices;
    private final Backbone backbone;
    private final MeterRegistry meters;
    private final Duration interval;
    private final Duration lease;
    private final int batch;
    private final AtomicLong backlog = new AtomicLong();
    private ScheduledExecutorService executor;

    ExpirySweeper(
            DeferredStore store,
            DeviceRegistry devices,
            Backbone backbone,
            DeferProperties properties,
            MeterRegistry meters) {
        this.store = store;
        this.devices = devices;
        this.backbone = backbone;
        this.meters = meters;
        meters.counter("cpm.defer.expired"); // registered up front: dashboards show zero, not nothing
        this.interval = properties.sweepInterval();
        this.lease = properties.expiryLease();
        this.batch = properties.sweepBatch();
        Gauge.builder("cpm.defer.backlog", backlog, AtomicLong::get)
                .description("deferred messages held, as of the last sweep")
                .register(meters);
    }

    /** Reports and removes up to one batch of expired messages; returns how many. */
    int sweep() {
        int reported = 0;
        for (String id : store.expired(batch).block()) {
            MessageDeferred deferred = store.claimExpired(id, lease).block();
            if (deferred != null) {
                report(deferred);
                reported++;
            }
        }
        backlog.set(store.size().block());
        return reported;
    }

    private void report(MessageDeferred deferred) {
        try {
            boolean registered = devices.capableRegistered(CpmAddress.normalize(deferred.recipient()))
                    .block();
            backbone.send(
                    Topics.DEFERRAL_NOTICES,
                    deferred.recipient(),
                    new DeferralNotice(DeferralNotice.Kind.EXPIRED, deferred, registered));
            if (deferred.content() != null) {
                backbone.send(
                        Topics.LARGE_MESSAGE_REQUESTS,
                        deferred.recipient(),
                        new LargeMessageRemoval(deferred.messageUriId(), deferred.recipient(), deferred.content()));
            }
        } catch (RuntimeException e) {
            store.unclaimExpired(deferred).block();
            throw e;
        }
        store.removeExpired(deferred).block();
        meters.counter("cpm.defer.expired").increment();
        log.info("{} for {} expired undelivered", deferred.messageUriId(), deferred.recipient());
    }

    private void sweepSafely() {
        try {
            sweep();
        } catch (RuntimeException e) {
            // The next sweep tries again; an exception escaping here would end the schedule.
            log.warn("expiry sweep failed: {}", e.toString());
        }
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "expiry-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(
                this::sweepSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
