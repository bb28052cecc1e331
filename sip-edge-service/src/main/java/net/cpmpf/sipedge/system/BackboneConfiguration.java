package net.cpmpf.sipedge.system;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import net.cpmpf.events.ReplyAddress;
import net.cpmpf.events.Topics;
import net.cpmpf.sipedge.backbone.BackboneClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaOperations;

/** Wires the request/reply client with its circuit breaker and metrics. */
@Configuration(proxyBeanMethods = false)
class BackboneConfiguration {

    @Bean
    CircuitBreakerRegistry circuitBreakerRegistry(EdgeProperties properties, MeterRegistry meters) {
        var breaker = properties.backbone().breaker();
        var config = CircuitBreakerConfig.custom()
                .failureRateThreshold(breaker.failureRateThreshold())
                .slidingWindowSize(breaker.slidingWindowSize())
                .minimumNumberOfCalls(breaker.minimumCalls())
                .waitDurationInOpenState(breaker.openFor())
                .build();
        var registry = CircuitBreakerRegistry.of(config);
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
        return registry;
    }

    @Bean
    BackboneClient backboneClient(
            KafkaOperations<String, Object> kafka,
            EdgeProperties properties,
            CircuitBreakerRegistry breakers,
            MeterRegistry meters) {
        var backbone = properties.backbone();
        CircuitBreaker breaker = breakers.circuitBreaker("backbone");
        var client = new BackboneClient(
                kafka,
                new ReplyAddress(Topics.EDGE_COMMANDS, backbone.replyPartition()),
                backbone.replyTimeout(),
                backbone.maxPending(),
                breaker);
        Gauge.builder("cpm.edge.backbone.pending", client, BackboneClient::pendingCount)
                .description("SIP transactions waiting for a decision")
                .register(meters);
        return client;
    }
}
