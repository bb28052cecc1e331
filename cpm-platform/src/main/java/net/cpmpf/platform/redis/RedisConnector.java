package net.cpmpf.platform.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * The one Lettuce connection of this service (Lettuce multiplexes all commands over it). It is opened on first use
 * rather than at start-up, so that a service started while Redis is down comes up, reports itself not ready and
 * heals once Redis is back, instead of crash-looping. Once open, Lettuce reconnects by itself.
 */
public class RedisConnector implements AutoCloseable {

    private final RedisClient client;
    private final RedisURI uri;
    private final Duration commandTimeout;
    private final AtomicReference<CompletableFuture<StatefulRedisConnection<String, String>>> connection =
            new AtomicReference<>();

    public RedisConnector(RedisSettings redis) {
        this.commandTimeout = redis.commandTimeout();
        this.uri = RedisURI.create(redis.uri());
        this.uri.setTimeout(commandTimeout);
        this.client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .socketOptions(SocketOptions.builder()
                        .connectTimeout(redis.connectTimeout())
                        .build())
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                // While reconnecting, fail at once: a caller on the SIP path is better served by a quick error
                // (and deferral) than by a command parked until the timeout.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
    }

    /**
     * Runs Redis calls with the configured command timeout, connecting first if needed.
     *
     * @return the result, or an error {@link RedisUnavailableException} when Redis cannot be reached in time
     */
    public <T> Mono<T> execute(Function<RedisReactiveCommands<String, String>, Mono<T>> calls) {
        return Mono.fromCompletionStage(this::connection)
                .flatMap(c -> calls.apply(c.reactive()))
                .timeout(commandTimeout)
                .onErrorMap(RedisConnector::unreachable, e -> new RedisUnavailableException(address(), e));
    }

    /** Where Redis is, without credentials: safe for logs and health details. */
    public String address() {
        return uri.getHost() + ":" + uri.getPort();
    }

    private CompletableFuture<StatefulRedisConnection<String, String>> connection() {
        var current = connection.get();
        if (current != null && !current.isCompletedExceptionally()) {
            // A copy, so that a caller's timeout cancels its own wait and not the attempt others share.
            return current.copy();
        }
        var attempt = new CompletableFuture<StatefulRedisConnection<String, String>>();
        if (!connection.compareAndSet(current, attempt)) {
            return connection();
        }
        client.connectAsync(StringCodec.UTF8, uri).whenComplete((c, e) -> {
            if (e == null) {
                attempt.complete(c);
            } else {
                attempt.completeExceptionally(e);
            }
        });
        return attempt.copy();
    }

    /** A script or command error is a bug, not an outage: it must not look like one. */
    private static boolean unreachable(Throwable e) {
        return e instanceof TimeoutException
                || e instanceof RedisException && !(e instanceof RedisCommandExecutionException);
    }

    @Override
    public void close() {
        var current = connection.getAndSet(null);
        if (current != null) {
            current.thenAccept(StatefulRedisConnection::close);
        }
        client.shutdown();
    }
}
