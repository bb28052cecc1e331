package net.cpmpf.local;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;

/**
 * Starts the local stack, prints what listens where, and runs until Ctrl-C or SIGTERM, then stops everything in
 * order. Arguments ({@code --name=value}) go to every service. {@code -Dcpm.local.services=none} runs only the
 * infrastructure ({@link LocalSettings}). Before the banner, {@link WarmUp} runs traffic through the stack, so that
 * its first users meet compiled code.
 */
public final class LocalStackMain {

    private static final Logger log = LoggerFactory.getLogger(LocalStackMain.class);

    private LocalStackMain() {}

    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        LocalSettings settings;
        try {
            settings = LocalSettings.fromSystemProperties();
        } catch (IllegalArgumentException e) {
            System.err.println("cpm-local: " + e.getMessage());
            System.exit(2);
            return;
        }
        var stack = new LocalStack(settings, args);
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(stack, stopped), "cpm-local-shutdown"));
        try {
            stack.start();
        } catch (Exception e) {
            log.error("The local stack did not start", e);
            System.exit(1);
        }
        System.out.println(banner(stack, settings, (System.nanoTime() - started) / 1_000_000));
        if (settings.training()) {
            System.exit(0); // a clean stop through the shutdown hook; the JVM then writes its AOT cache
        }
        stopped.await();
    }

    private static void stop(LocalStack stack, CountDownLatch stopped) {
        System.out.println("Stopping the CPM PF local stack…");
        try {
            stack.close();
        } catch (Exception e) {
            log.warn("Unclean stop", e);
        }
        System.out.println("CPM PF local stack stopped.");
        stopped.countDown();
    }

    static String banner(LocalStack stack, LocalSettings settings, long startMillis) {
        var out = new StringBuilder();
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        out.append(String.format(
                "%nCPM PF %s ready in %.1f s (heap used %d MiB)%n",
                settings.services() ? "local stack" : "infrastructure", startMillis / 1000.0, heap.getUsed() >> 20));
        for (var service : stack.services()) {
            Environment env = service.getEnvironment();
            out.append(String.format(
                    "  %-22s http://%s:%s  (/livez /readyz /actuator/prometheus)%n",
                    env.getProperty("spring.application.name"), settings.host(), env.getProperty("local.server.port")));
            if (env.containsProperty("cpm.edge.sip.port")
                    || "sip-edge-service".equals(env.getProperty("spring.application.name"))) {
                out.append(String.format(
                        "  %-22s %s %s:%s%n",
                        "SIP",
                        String.join(
                                "+",
                                env.getProperty("cpm.edge.sip.transports", "udp,tcp")
                                        .split(",")),
                        env.getProperty("cpm.edge.sip.host", settings.host()),
                        env.getProperty("cpm.edge.sip.port", "5060")));
                out.append(String.format(
                        "  %-22s tcp %s:%s%n",
                        "MSRP",
                        env.getProperty("cpm.edge.msrp.host", "127.0.0.1"),
                        env.getProperty("cpm.edge.msrp.port", "2855")));
            }
        }
        var infra = stack.infrastructure();
        if (settings.runs(LocalSettings.Part.KAFKA)) {
            out.append(String.format(
                    "  %-22s %s (in-process KRaft broker%s)%n",
                    "Kafka",
                    infra.kafkaBootstrap(),
                    settings.kafkaDirectory().map(dir -> ", log in " + dir).orElse("")));
        }
        if (settings.runs(LocalSettings.Part.REDIS)) {
            out.append(String.format(
                    "  %-22s %s:%d (%s)%n", "Redis", settings.host(), settings.redisPort(), infra.redisDescription()));
        }
        if (settings.runs(LocalSettings.Part.IMAP)) {
            out.append(String.format("  %-22s %s:%d (GreenMail)%n", "IMAP", settings.host(), settings.imapPort()));
        }
        out.append("Ctrl-C stops everything.");
        return out.toString();
    }
}
