package net.cpmpf.sipedge.registration;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import net.cpmpf.sipedge.sip.SipClient;
import net.cpmpf.sipedge.sip.TargetResolver;
import net.cpmpf.sipedge.system.EdgeProperties;
import net.cpmpf.sipedge.trust.CoreAddresses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registration: third-party REGISTER and reg event subscriptions always; in lab mode also the PF as registrar, with
 * a periodic sweep that publishes registrations that expired.
 */
@Configuration(proxyBeanMethods = false)
class RegistrationConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RegistrationConfiguration.class);

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService registrationTimer() {
        return Executors.newSingleThreadScheduledExecutor(task -> {
            var thread = new Thread(task, "registration-timer");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Bean
    RegEventSubscriptions regEventSubscriptions(
            SipClient sip,
            RegistrationPublisher publisher,
            ScheduledExecutorService registrationTimer,
            EdgeProperties properties) {
        var core = properties.core();
        return new RegEventSubscriptions(
                sip,
                publisher,
                registrationTimer,
                core.identity(),
                core.subscriptionExpires(),
                core.retryInterval(),
                Clock.systemUTC());
    }

    @Bean
    NotifyHandler notifyHandler(RegEventSubscriptions subscriptions) {
        return new NotifyHandler(subscriptions);
    }

    @Bean
    RegisterHandler registerHandler(
            ObjectProvider<Registrar> registrar,
            RegistrationPublisher publisher,
            RegEventSubscriptions subscriptions,
            EdgeProperties properties,
            CoreAddresses core) {
        return new RegisterHandler(registrar.getIfAvailable(), publisher, source(properties), core, subscriptions);
    }

    static String source(EdgeProperties properties) {
        return "registrar:edge-" + properties.backbone().replyPartition();
    }

    /** Lab mode: the PF as registrar for clients that REGISTER directly. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "cpm.edge.registrar.enabled", havingValue = "true", matchIfMissing = true)
    static class LabMode {

        @Bean
        Registrar registrar(EdgeProperties properties) {
            var config = properties.registrar();
            log.warn(
                    "LAB MODE: this edge is the registrar for any client that REGISTERs"
                            + " (cpm.edge.registrar.enabled=true). Production deployments learn registrations from the S-CSCF.");
            return new Registrar(
                    new RegistrarLimits(
                            config.minExpires(),
                            config.maxExpires(),
                            config.defaultExpires(),
                            config.maxContactsPerUser(),
                            config.maxUsers()),
                    Clock.systemUTC());
        }

        /** Requests the PF sends to a GRUU it minted go to the contact registered for it. */
        @Bean
        TargetResolver gruuTargets(Registrar registrar) {
            return uri -> registrar.resolve(uri).map(Binding::contactUri);
        }

        @Bean
        RegistrarSweep registrarSweep(
                Registrar registrar,
                RegistrationPublisher publisher,
                ScheduledExecutorService registrationTimer,
                EdgeProperties properties) {
            long every = properties.registrar().sweepInterval().toMillis();
            var sweep = new RegistrarSweep(registrar, publisher, source(properties));
            registrationTimer.scheduleWithFixedDelay(sweep, every, every, TimeUnit.MILLISECONDS);
            return sweep;
        }
    }

    /** Publishes the state of every AoR whose bindings expired. */
    record RegistrarSweep(Registrar registrar, RegistrationPublisher publisher, String source) implements Runnable {
        @Override
        public void run() {
            try {
                registrar
                        .expire()
                        .forEach(expired -> publisher.publish(
                                expired.aor(),
                                source,
                                expired.version(),
                                expired.bindings().stream()
                                        .map(Binding::toContact)
                                        .toList()));
            } catch (RuntimeException e) {
                // A scheduled task that throws is never run again: keep sweeping.
                log.warn("Registrar sweep failed", e);
            }
        }
    }
}
