package net.cpmpf.platform.backbone;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.cpmpf.events.EventCodec;
import net.cpmpf.events.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The Kafka backbone every service shares: topics declared in code, dead letters for whatever a consumer cannot
 * handle, the age of each record as it reaches its consumer, and a readiness check on the listeners.
 */
@AutoConfiguration
@EnableConfigurationProperties(BackboneProperties.class)
public class BackboneAutoConfiguration {

    /** Declares every topic and its dead-letter twin; creating a topic that exists is a no-op. */
    @Bean
    KafkaAdmin.NewTopics cpmTopics(BackboneProperties properties) {
        List<NewTopic> topics = new ArrayList<>();
        for (String topic : Topics.KEYED) {
            topics.add(topic(topic, properties.partitions(), properties));
            topics.add(topic(Topics.deadLetter(topic), properties.partitions(), properties));
        }
        // Answers are worthless once their transaction has timed out: keep them briefly.
        topics.add(TopicBuilder.name(Topics.EDGE_COMMANDS)
                .partitions(properties.edgeCommandPartitions())
                .replicas(properties.replicationFactor())
                .config(
                        "retention.ms",
                        Long.toString(properties.edgeCommandRetention().toMillis()))
                // A deferred large message goes to the edge that delivers it inside its command.
                .config("max.message.bytes", Integer.toString(properties.largeContentMaxBytes()))
                .build());
        topics.add(topic(Topics.deadLetter(Topics.EDGE_COMMANDS), properties.edgeCommandPartitions(), properties));
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }

    /** Topics whose records may carry a whole large message. */
    private static final Set<String> WHOLE_MESSAGES = Set.of(
            Topics.LARGE_MESSAGE_CONTENTS,
            Topics.deadLetter(Topics.LARGE_MESSAGE_CONTENTS),
            Topics.deadLetter(Topics.EDGE_COMMANDS));

    private static NewTopic topic(String name, int partitions, BackboneProperties properties) {
        var topic = TopicBuilder.name(name).partitions(partitions).replicas(properties.replicationFactor());
        if (name.equals(Topics.LARGE_MESSAGE_CONTENTS)
                || name.equals(Topics.deadLetter(Topics.LARGE_MESSAGE_CONTENTS))) {
            // A whole deferred large message is one record: far above the broker's 1 MB default.
            topic.config("max.message.bytes", Integer.toString(properties.largeContentMaxBytes()));
        }
        return topic.build();
    }

    /**
     * Bounded retries, then the record goes to {@code <topic>-dlt} on the same partition number (every dead-letter
     * topic has as many partitions as its source). Malformed events are not retried: they will not get better. A
     * record that failed because a store is down is retried until the store is back: dead-lettering it would lose
     * it.
     */
    @Bean
    CommonErrorHandler backboneErrorHandler(KafkaOperations<Object, Object> kafka, BackboneProperties properties) {
        var recoverer = new DeadLetterPublishingRecoverer(
                kafka, (record, e) -> new TopicPartition(Topics.deadLetter(record.topic()), record.partition()));
        var retry = properties.retry();
        var handler = new DefaultErrorHandler(
                recoverer, new FixedBackOff(retry.interval().toMillis(), retry.attempts()));
        handler.addNotRetryableExceptions(EventCodec.MalformedEventException.class);
        handler.setBackOffFunction((record, e) -> causedByOutage(e) ? outageBackOff(properties) : null);
        return handler;
    }

    private static boolean causedByOutage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InfrastructureUnavailableException) {
                return true;
            }
        }
        return false;
    }

    private static BackOff outageBackOff(BackboneProperties properties) {
        var backOff = new ExponentialBackOff(properties.retry().interval().toMillis(), 2.0);
        backOff.setMaxInterval(properties.retry().maxOutagePause().toMillis());
        return backOff;
    }

    @Bean
    RecordAges backboneRecordAges(MeterRegistry meters) {
        return new RecordAges(meters, Clock.systemUTC());
    }

    /** Picked up by Spring Boot for every listener container of the service. */
    @Bean
    RecordInterceptor<Object, Object> backboneRecordInterceptor(RecordAges ages) {
        return ages.recordInterceptor();
    }

    @Bean
    BatchInterceptor<Object, Object> backboneBatchInterceptor(RecordAges ages) {
        return ages.batchInterceptor();
    }

    @Bean
    BackboneHealthIndicator backboneHealthIndicator(KafkaListenerEndpointRegistry registry) {
        return new BackboneHealthIndicator(registry);
    }
}
