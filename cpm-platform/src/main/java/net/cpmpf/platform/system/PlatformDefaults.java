package net.cpmpf.platform.system;

import java.util.LinkedHashMap;
import java.util.Map;
import net.cpmpf.platform.backbone.EventDeserializer;
import net.cpmpf.platform.backbone.EventSerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

/**
 * Defaults every service shares, added with the lowest precedence so that any service file, environment variable
 * or command-line argument overrides them. They encode the backbone's invariants: producers wait for all in-sync
 * replicas and never write twice; consumers turn undecodable records into dead letters.
 */
public class PlatformDefaults implements EnvironmentPostProcessor {

    static final String SOURCE = "cpmPlatformDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE, defaults()));
    }

    static Map<String, Object> defaults() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("spring.main.banner-mode", "off");
        // Kafka clients and brokers log every connection and rebalance at INFO: too much for an operator.
        p.put("logging.level.org.apache.kafka", "warn");
        p.put("logging.level.kafka", "warn");
        p.put("server.shutdown", "graceful");
        // Largest request body an API reads into memory; beyond it the answer is 413 (ApiErrorHandler).
        p.put("spring.codec.max-in-memory-size", "512KB");
        p.put("spring.lifecycle.timeout-per-shutdown-phase", "20s");

        p.put("spring.kafka.producer.acks", "all");
        p.put("spring.kafka.producer.key-serializer", StringSerializer.class.getName());
        p.put("spring.kafka.producer.value-serializer", EventSerializer.class.getName());
        p.put("spring.kafka.producer.properties.enable.idempotence", "true");
        // Requests, not records, are what the broker and the consumers' fetches pay for: 5 ms fills a request with
        // the edge's concurrent messages (≈ 14 % less CPU a message at 1,600/s than 1 ms, bench/RESULTS.md). The
        // consumers that answer SIP transactions push each batch out at once (OrderedBatch), so only the edge's hop
        // waits for it.
        p.put("spring.kafka.producer.properties.linger.ms", "5");
        p.put("spring.kafka.consumer.group-id", "${spring.application.name}");
        p.put("spring.kafka.consumer.auto-offset-reset", "earliest");
        // A consumer killed without leaving its group holds its partitions until the session times out; Kafka's 45 s
        // meant 45 s of 503s after a crash (faults/RESULTS.md). 10 s still rides out GC pauses and slow polls.
        p.put("spring.kafka.consumer.properties.session.timeout.ms", "10000");
        p.put("spring.kafka.consumer.properties.heartbeat.interval.ms", "3000");
        p.put("spring.kafka.consumer.key-deserializer", StringDeserializer.class.getName());
        p.put("spring.kafka.consumer.value-deserializer", ErrorHandlingDeserializer.class.getName());
        p.put(
                "spring.kafka.consumer.properties." + ErrorHandlingDeserializer.VALUE_DESERIALIZER_CLASS,
                EventDeserializer.class.getName());
        // Committing after every poll cost a synchronous broker round trip per message and hop (a quarter of each
        // consumer thread, the broker's group coordinator busy) once polls carry one record. Committing every 100 ms
        // still only ever commits handled records; a crash re-delivers up to 100 ms more of them, which every
        // consumer already takes (at-least-once inside, idempotent by correlation id and Message-URI-ID).
        p.put("spring.kafka.listener.ack-mode", "time");
        p.put("spring.kafka.listener.ack-time", "100ms");

        p.put("management.endpoints.web.exposure.include", "health,info,prometheus");
        p.put("management.endpoint.health.probes.enabled", "true");
        p.put("management.endpoint.health.probes.add-additional-paths", "true");
        p.put("management.endpoint.health.group.readiness.include", "readinessState,backbone");
        p.put("management.endpoint.health.group.readiness.show-details", "always");
        p.put("management.metrics.tags.application", "${spring.application.name}");
        return p;
    }
}
