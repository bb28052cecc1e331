package net.cpmpf.local;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import redis.embedded.RedisServer;

/**
 * The stateful parts the services need, run in or beside this JVM: a real KRaft Kafka broker, a real redis-server
 * (an existing one on the port is used instead), and a GreenMail IMAP server; only the parts the settings name.
 */
final class Infrastructure implements AutoCloseable {

    private final LocalSettings settings;
    private LocalKafka kafka;
    private RedisServer redis;
    private GreenMail imap;
    private boolean redisWasRunning;

    Infrastructure(LocalSettings settings) {
        this.settings = settings;
    }

    void start() throws Exception {
        if (settings.runs(LocalSettings.Part.KAFKA)) {
            kafka = new LocalKafka(
                    settings.host(), settings.kafkaPort(), settings.kafkaControllerPort(), settings.kafkaDirectory());
            kafka.start();
        }
        if (settings.runs(LocalSettings.Part.REDIS)) {
            startRedis();
        }
        if (settings.runs(LocalSettings.Part.IMAP)) {
            imap = new GreenMail(new ServerSetup(settings.imapPort(), settings.host(), ServerSetup.PROTOCOL_IMAP))
                    // A trial box: any login opens (and creates) that user's mailbox, so every CPM user has a store.
                    .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
            imap.start();
        }
    }

    private void startRedis() throws IOException {
        redisWasRunning = listening(settings.host(), settings.redisPort());
        if (!redisWasRunning) {
            redis = RedisServer.newRedisServer()
                    .bind(settings.host())
                    .port(settings.redisPort())
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .build();
            redis.start();
        }
    }

    /** The broker's bootstrap address; the configured one when this JVM does not run the broker. */
    String kafkaBootstrap() {
        return kafka != null ? kafka.bootstrapServers() : settings.host() + ":" + settings.kafkaPort();
    }

    String redisDescription() {
        return redisWasRunning ? "existing redis-server" : "embedded redis-server";
    }

    @Override
    public void close() throws Exception {
        if (imap != null) {
            imap.stop();
        }
        if (redis != null) {
            redis.stop();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private static boolean listening(String host, int port) {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
