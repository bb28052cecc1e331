package net.cpmpf.delivery.system;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Readiness contribution {@code redis}: without the registration cache no message can be forked, so a replica that
 * cannot reach Redis takes no traffic.
 */
@Component
class RedisHealthIndicator implements ReactiveHealthIndicator {

    private final RedisConnector redis;

    RedisHealthIndicator(RedisConnector redis) {
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
