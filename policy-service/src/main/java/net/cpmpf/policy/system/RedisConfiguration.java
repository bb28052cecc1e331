package net.cpmpf.policy.system;

import net.cpmpf.platform.redis.RedisConnector;
import net.cpmpf.platform.redis.RedisHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The policy documents' Redis; no decision can be made without it, so readiness includes it. */
@Configuration(proxyBeanMethods = false)
class RedisConfiguration {

    @Bean
    RedisConnector redisConnector(PolicyProperties properties) {
        return new RedisConnector(properties.redis());
    }

    @Bean
    RedisHealthIndicator redisHealthIndicator(RedisConnector redis) {
        return new RedisHealthIndicator(redis);
    }
}
