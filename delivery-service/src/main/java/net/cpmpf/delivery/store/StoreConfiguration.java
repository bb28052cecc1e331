package net.cpmpf.delivery.store;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The user's CPM message store. Not part of readiness: without IMAP only the {@code store} preference and history
 * fail, and their callers answer 503 or retry.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StoreProperties.class)
class StoreConfiguration {

    @Bean
    MessageStore messageStore(StoreProperties properties, MeterRegistry meters) {
        return new MessageStore(properties, meters);
    }

    @Bean
    DeferredContentStore deferredContentStore(MessageStore store, StoreProperties properties) {
        return new DeferredContentStore(store, properties);
    }
}
