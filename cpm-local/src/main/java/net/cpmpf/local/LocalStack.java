package net.cpmpf.local;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import net.cpmpf.defer.DeferApplication;
import net.cpmpf.delivery.DeliveryApplication;
import net.cpmpf.notification.NotificationApplication;
import net.cpmpf.platform.backbone.BackboneHealthIndicator;
import net.cpmpf.policy.PolicyApplication;
import net.cpmpf.sipedge.SipEdgeApplication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * The whole system in one JVM: infrastructure first, then the consumer services, then the SIP edge, so that SIP
 * opens only when decisions can be made. Closed in the reverse order: the edge stops taking SIP first. With
 * {@link LocalSettings#services()} off, the infrastructure alone.
 */
final class LocalStack implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    /** The warm-up ends by then (of the JVM's uptime) whatever it was told, so the stack is ready within a minute. */
    private static final Duration WARM_UP_ENDS_BY = Duration.ofSeconds(50);

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

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
        warmUp();
    }

    /** Runs {@link WarmUp} for the configured time, less whatever would make the stack ready later than a minute. */
    private void warmUp() throws InterruptedException {
        Duration left =
                WARM_UP_ENDS_BY.minusMillis(ManagementFactory.getRuntimeMXBean().getUptime());
        Duration duration = settings.training() || settings.warmUp().compareTo(left) < 0 ? settings.warmUp() : left;
        Environment edge = service("sip-edge-service").getEnvironment();
        if (duration.isNegative() || duration.isZero()) {
            return;
        }
        if (!edge.getProperty("cpm.edge.registrar.enabled", Boolean.class, true)
                || !edge.getProperty("cpm.edge.sip.transports", "udp,tcp")
                        .toLowerCase(Locale.ROOT)
                        .contains("udp")) {
            log.info("No warm-up: it needs the lab registrar and SIP over UDP");
            return;
        }
        var sip = new InetSocketAddress(
                edge.getProperty("cpm.edge.sip.host", settings.host()),
                edge.getProperty("cpm.edge.sip.port", Integer.class, 5060));
        String delivery = "http://" + settings.host() + ":"
                + service("delivery-service").getEnvironment().getProperty("local.server.port");
        try {
            var result = new WarmUp(sip, delivery, 8, 64).run(duration);
            log.info(
                    "Warm-up: {} MESSAGEs in {} s through the whole stack ({} answered 200, {} refused 503 while the"
                            + " JVM was cold, {} other, {} unanswered)",
                    result.sent(),
                    result.took().toSeconds(),
                    result.ok(),
                    result.refused(),
                    result.other(),
                    result.lost());
        } catch (IOException e) {
            log.warn("Warm-up cut short: {}", e.getMessage());
        }
    }

    private ConfigurableApplicationContext service(String name) {
        return services.stream()
                .filter(s -> name.equals(s.getEnvironment().getProperty("spring.application.name")))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(name + " is not running"));
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
