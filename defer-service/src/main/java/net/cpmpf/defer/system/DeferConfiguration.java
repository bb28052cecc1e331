package net.cpmpf.defer.system;

import java.time.Clock;
import net.cpmpf.events.ClientSelection;
import net.cpmpf.events.EventCodec;
import net.cpmpf.platform.redis.RedisConnector;
import net.cpmpf.platform.redis.RedisHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The store's Redis (without it nothing can be kept, so readiness includes it) and the shared helpers. */
@Configuration(proxyBeanMethods = false)
class DeferConfiguration {

    @Bean
    RedisConnector redisConnector(DeferProperties properties) {
        return new RedisConnector(properties.redis());
    }

    @Bean
    RedisHealthIndicator redisHealthIndicator(RedisConnector redis) {
        return new RedisHealthIndicator(redis);
    }

    @Bean
    ClientSelection clientSelection(DeferProperties properties) {
        return properties.selection().toClientSelection();
    }

    @Bean
    EventCodec eventCodec() {
        return new EventCodec();
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
