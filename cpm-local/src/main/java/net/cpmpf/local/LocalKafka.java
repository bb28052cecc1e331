package net.cpmpf.local;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one), running in this JVM on fixed ports,
 * with its log in a temporary directory that is removed on close, or in a given directory that is kept: formatted
 * on first use only, so a broker started again on it (after a crash too) has its topics, records and offsets.
 */
final class LocalKafka implements AutoCloseable {

    private static final String CONTROLLER = "CONTROLLER";

    private final String host;
    private final int port;
    private final int controllerPort;
    private final Optional<Path> persistentDirectory;
    private Path directory;
    private KafkaRaftServer server;

    LocalKafka(String host, int port, int controllerPort, Optional<Path> persistentDirectory) {
        this.host = host;
        this.port = port;
        this.controllerPort = controllerPort;
        this.persistentDirectory = persistentDirectory;
    }

    void start() throws Exception {
        directory = persistentDirectory.isPresent()
                ? Files.createDirectories(persistentDirectory.get())
                : Files.createTempDirectory("cpm-local-kafka");
        var config = KafkaConfig.fromProps(properties(directory), false);
        if (!Files.exists(directory.resolve("meta.properties"))) {
            format();
        }
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
    }

    private void format() throws Exception {
        new Formatter()
                .setNodeId(1)
                .setClusterId(Uuid.randomUuid().toString())
                .addDirectory(directory.toString())
                .setMetadataLogDirectory(directory.toString())
                .setControllerListenerName(CONTROLLER)
                .setReleaseVersion(MetadataVersion.latestProduction())
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .run();
    }

    private Properties properties(Path logDirectory) {
        var p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@" + host + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + host + ":" + port + "," + CONTROLLER + "://" + host + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
        p.put("controller.listener.names", CONTROLLER);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER + ":PLAINTEXT");
        p.put("log.dirs", logDirectory.toString());
        // One node: nothing to replicate, and no reason to delay the first consumer group rebalance.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        return p;
    }

    String bootstrapServers() {
        return host + ":" + port;
    }

    @Override
    public void close() throws IOException {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
        }
        if (directory != null && persistentDirectory.isEmpty()) {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }
}
