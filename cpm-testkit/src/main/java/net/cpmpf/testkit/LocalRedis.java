package net.cpmpf.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import redis.embedded.RedisServer;

/** A real redis-server on a free loopback port, without persistence; restartable on the same port. */
public final class LocalRedis implements AutoCloseable {

    private final int port;
    private RedisServer server;

    private LocalRedis(int port) {
        this.port = port;
    }

    public static LocalRedis start() throws IOException {
        var redis = new LocalRedis(freePort());
        redis.restart();
        return redis;
    }

    public static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public void restart() throws IOException {
        server = RedisServer.newRedisServer()
                .bind("127.0.0.1")
                .port(port)
                .setting("save \"\"")
                .setting("appendonly no")
                .build();
        server.start();
    }

    public void stop() throws IOException {
        server.stop();
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
