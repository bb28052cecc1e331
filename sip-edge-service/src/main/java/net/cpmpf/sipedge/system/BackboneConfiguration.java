package net.cpmpf.sipedge.system;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import net.cpmpf.events.ReplyAddress;
import net.cpmpf.events.Topics;
import net.cpmpf.sipedge.backbone.BackboneClient;
import net.cpmpf.sipedge.backbone.Publisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaOperations;
import reactor.core.scheduler.Schedulers;

/** Wires the edge's publisher and the request/reply client with its admission limit, circuit breaker and metrics. */
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
    Publisher publisher(KafkaOperations<String, Object> kafka) {
        var elastic = Schedulers.boundedElastic();
        return new Publisher(kafka, elastic::schedule);
    }

    @Bean(destroyMethod = "close")
    BackboneClient backboneClient(
            Publisher publisher, EdgeProperties properties, CircuitBreakerRegistry breakers, MeterRegistry meters) {
        var backbone = properties.backbone();
        var admission = backbone.admission();
        var client = new BackboneClient(
                publisher,
                new ReplyAddress(Topics.EDGE_COMMANDS, backbone.replyPartition()),
                backbone.replyTimeout(),
                new BackboneClient.Admission(
                        admission.targetDelay(), admission.window(), admission.minLimit(), backbone.maxPending()),
                breakers.circuitBreaker("backbone"));
        Gauge.builder("cpm.edge.backbone.pending", client, BackboneClient::pendingCount)
                .description("SIP transactions waiting for a decision")
                .register(meters);
        Gauge.builder("cpm.edge.backbone.admission.limit", client, BackboneClient::admissionLimit)
                .description("SIP transactions that may wait for a decision at once (follows the queueing delay)")
                .register(meters);
        FunctionCounter.builder("cpm.edge.backbone.admission.refused", client, BackboneClient::refused)
                .description("requests answered 503 at once because the backbone was queueing")
                .register(meters);
        return client;
    }
}
