package net.cpmpf.delivery.system;

import net.cpmpf.platform.redis.RedisConnector;
import net.cpmpf.platform.redis.RedisHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The registration cache's Redis; without it no message can be forked, so readiness includes it. */
@Configuration(proxyBeanMethods = false)
class RedisConfiguration {

    @Bean
    RedisConnector redisConnector(DeliveryProperties properties) {
        return new RedisConnector(properties.redis());
    }

    @Bean
    RedisHealthIndicator redisHealthIndicator(RedisConnector redis) {
        return new RedisHealthIndicator(redis);
    }
}
