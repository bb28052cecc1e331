package net.cpmpf.platform.redis;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import reactor.core.publisher.Mono;

/**
 * Readiness contribution {@code redis} for a service that cannot do its work without Redis: a replica that cannot
 * reach it takes no traffic.
 */
public class RedisHealthIndicator implements ReactiveHealthIndicator {

    private final RedisConnector redis;

    public RedisHealthIndicator(RedisConnector redis) {
        this.redis = redis;
    }

    @Override
    public Mono<Health> health() {
        return redis.execute(commands -> commands.ping())
                .map(pong -> Health.up().withDetail("address", redis.address()).build())
                .onErrorResume(e -> Mono.just(Health.down()
                        .withDetail("address", redis.address())
                        .withDetail("error", e.getMessage())
                        .build()));
    }
}
