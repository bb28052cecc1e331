package net.cpmpf.sipedge.registration;

import java.time.Clock;
import net.cpmpf.sipedge.system.EdgeProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/** Lab mode: the PF as registrar, with a periodic sweep that publishes registrations that expired. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "cpm.edge.registrar.enabled", havingValue = "true", matchIfMissing = true)
class RegistrationConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RegistrationConfiguration.class);

    @Bean
    Registrar registrar(EdgeProperties properties) {
        var config = properties.registrar();
        log.warn("LAB MODE: this edge is the registrar for any client that REGISTERs (cpm.edge.registrar.enabled=true)."
                + " Production deployments learn registrations from the S-CSCF instead.");
        return new Registrar(
                new RegistrarLimits(
                        config.minExpires(),
                        config.maxExpires(),
                        config.defaultExpires(),
                        config.maxContactsPerUser(),
                        config.maxUsers()),
                Clock.systemUTC());
    }

    @Bean
    RegisterHandler registerHandler(Registrar registrar, RegistrationPublisher publisher, EdgeProperties properties) {
        return new RegisterHandler(registrar, publisher, source(properties));
    }

    @Bean(destroyMethod = "shutdown")
    TaskScheduler registrationSweeper(Registrar registrar, RegistrationPublisher publisher, EdgeProperties properties) {
        var scheduler = new ThreadPoolTaskScheduler();
        scheduler.setThreadNamePrefix("registrar-sweep-");
        scheduler.initialize();
        String source = source(properties);
        scheduler.scheduleWithFixedDelay(
                () -> registrar
                        .expire()
                        .forEach(expired -> publisher.publish(
                                expired.aor(),
                                source,
                                expired.version(),
                                expired.bindings().stream()
                                        .map(Binding::toContact)
                                        .toList())),
                properties.registrar().sweepInterval());
        return scheduler;
    }

    private static String source(EdgeProperties properties) {
        return "registrar:edge-" + properties.backbone().replyPartition();
    }
}
