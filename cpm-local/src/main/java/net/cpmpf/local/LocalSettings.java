package net.cpmpf.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Where the local stack's infrastructure listens and which of its parts run here. Read from system properties
 * ({@code -Dcpm.local.kafka-port=…}); the services' own settings are passed as {@code --name=value} arguments and
 * reach every service.
 *
 * <p>{@code -Dcpm.local.services=none} starts the infrastructure alone (the services run from their own jars, as the
 * fault harness {@code faults/run} does), {@code -Dcpm.local.infrastructure=kafka,imap} chooses its parts, and
 * {@code -Dcpm.local.kafka-dir=…} keeps the broker's log in a directory that outlives the process, so a broker
 * killed and started again finds its data.
 *
 * @param services whether the five services run in this JVM
 * @param parts the infrastructure parts this JVM runs
 * @param kafkaDirectory the broker's persistent log directory; empty: a temporary one, removed on close
 * @param warmUp how long Pager Mode traffic runs through the stack before it says it is ready ({@link WarmUp}); zero:
 *     none ({@code -Dcpm.local.warm-up=0}, as the tests do)
 * @param training a training run for the JVM's AOT cache ({@code -Dcpm.local.training=true}, {@code cpm-local/run}):
 *     the whole warm-up however long it takes the stack to start, then a clean stop and exit
 */
record LocalSettings(
        String host,
        int kafkaPort,
        int kafkaControllerPort,
        int redisPort,
        int imapPort,
        boolean services,
        Set<Part> parts,
        Optional<Path> kafkaDirectory,
        Duration warmUp,
        boolean training) {

    /** A piece of infrastructure the stack can run. */
    enum Part {
        KAFKA,
        REDIS,
        IMAP
    }

    LocalSettings {
        parts = Set.copyOf(parts);
        if (services && !parts.containsAll(EnumSet.allOf(Part.class))) {
            throw new IllegalArgumentException(
                    "the services need every infrastructure part; use -Dcpm.local.services=none with "
                            + "-Dcpm.local.infrastructure=" + parts);
        }
    }

    static LocalSettings fromSystemProperties() {
        return new LocalSettings(
                System.getProperty("cpm.local.host", "127.0.0.1"),
                Integer.getInteger("cpm.local.kafka-port", 9092),
                Integer.getInteger("cpm.local.kafka-controller-port", 9093),
                Integer.getInteger("cpm.local.redis-port", 6379),
                Integer.getInteger("cpm.local.imap-port", 3143),
                services(System.getProperty("cpm.local.services", "all")),
                parts(System.getProperty("cpm.local.infrastructure", "kafka,redis,imap")),
                Optional.ofNullable(System.getProperty("cpm.local.kafka-dir"))
                        .filter(dir -> !dir.isBlank())
                        .map(Path::of),
                duration("cpm.local.warm-up", System.getProperty("cpm.local.warm-up", "30s")),
                Boolean.getBoolean("cpm.local.training"));
    }

    boolean runs(Part part) {
        return parts.contains(part);
    }

    /** {@code 30s}, {@code 500ms}, {@code 2m}, or a number of seconds. */
    private static Duration duration(String key, String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            if (text.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
            }
            return Duration.ofSeconds(Long.parseLong(text.endsWith("s") ? text.substring(0, text.length() - 1) : text));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a duration such as 30s, 500ms or 0, not " + value);
        }
    }

    private static boolean services(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "all" -> true;
            case "none" -> false;
            default -> throw new IllegalArgumentException("cpm.local.services must be all or none, not " + value);
        };
    }

    private static Set<Part> parts(String value) {
        var parts = EnumSet.noneOf(Part.class);
        Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(name -> !name.isEmpty())
                .forEach(name -> {
                    try {
                        parts.add(Part.valueOf(name.toUpperCase(Locale.ROOT)));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(
                                "cpm.local.infrastructure: unknown part " + name + " (kafka, redis, imap)");
                    }
                });
        return parts;
    }
}
