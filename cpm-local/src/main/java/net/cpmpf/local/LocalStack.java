package net.cpmpf.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.cpmpf.defer.DeferApplication;
import net.cpmpf.delivery.DeliveryApplication;
import net.cpmpf.notification.NotificationApplication;
import net.cpmpf.platform.backbone.BackboneHealthIndicator;
import net.cpmpf.policy.PolicyApplication;
import net.cpmpf.sipedge.SipEdgeApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole system in one JVM: infrastructure first, then the consumer services, then the SIP edge, so that SIP
 * opens only when decisions can be made. Closed in the reverse order: the edge stops taking SIP first. With
 * {@link LocalSettings#services()} off, the infrastructure alone.
 */
final class LocalStack implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final LocalSettings settings;
    private final String[] serviceArgs;
    private final Infrastructure infrastructure;
    private final List<ConfigurableApplicationContext> services = new ArrayList<>();

    LocalStack(LocalSettings settings, String... serviceArgs) {
        this.settings = settings;
        this.serviceArgs = serviceArgs.clone();
        this.infrastructure = new Infrastructure(settings);
    }

    void start() throws Exception {
        infrastructure.start();
        if (!settings.services()) {
            return;
        }
        Stream.of(
                        PolicyApplication.application(),
                        DeliveryApplication.application(),
                        DeferApplication.application(),
                        NotificationApplication.application(),
                        SipEdgeApplication.application())
                .map(this::withInfrastructure)
                .forEach(app -> services.add(app.run(serviceArgs)));
        awaitReady();
    }

    private SpringApplicationBuilder withInfrastructure(SpringApplicationBuilder app) {
        return app.registerShutdownHook(false)
                .properties(
                        "spring.kafka.bootstrap-servers=" + infrastructure.kafkaBootstrap(),
                        "spring.data.redis.host=" + settings.host(),
                        "spring.data.redis.port=" + settings.redisPort(),
                        "server.address=" + settings.host(),
                        // Lab mode: clients talk to the PF directly, no core asserts who they are (their
                        // P-Asserted-Identity is removed at the edge), so the From stands in for the sender.
                        "cpm.policy.access.from-fallback=true",
                        // Five services share one logback here; the logger names tell them apart.
                        "logging.include-application-name=false");
    }

    /** Waits until every Kafka listener of every service owns its partitions. */
    private void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        for (var service : services) {
            var backbone = service.getBean(BackboneHealthIndicator.class);
            while (!Status.UP.equals(backbone.health().getStatus())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(service.getId() + " not ready: " + backbone.health());
                }
                Thread.sleep(50);
            }
        }
    }

    List<ConfigurableApplicationContext> services() {
        return List.copyOf(services);
    }

    Infrastructure infrastructure() {
        return infrastructure;
    }

    @Override
    public void close() throws Exception {
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).close();
        }
        infrastructure.close();
    }
}
