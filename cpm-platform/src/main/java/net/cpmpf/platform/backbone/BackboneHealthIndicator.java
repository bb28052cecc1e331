package net.cpmpf.platform.backbone;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Ready when every Kafka listener runs and owns at least one partition. A replica beyond the partition count owns
 * none and stays out of service: it would be idle anyway, so the chart caps replicas at the partition count.
 */
public class BackboneHealthIndicator implements HealthIndicator {

    private final KafkaListenerEndpointRegistry registry;

    public BackboneHealthIndicator(KafkaListenerEndpointRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Health health() {
        Map<String, Object> details = new TreeMap<>();
        boolean ready = true;
        for (MessageListenerContainer container : registry.getAllListenerContainers()) {
            Collection<TopicPartition> assigned = container.getAssignedPartitions();
            boolean owns = container.isRunning() && assigned != null && !assigned.isEmpty();
            details.put(container.getListenerId(), owns ? assigned.toString() : "no partitions yet");
            ready &= owns;
        }
        return (ready ? Health.up() : Health.outOfService())
                .withDetails(details)
                .build();
    }
}
