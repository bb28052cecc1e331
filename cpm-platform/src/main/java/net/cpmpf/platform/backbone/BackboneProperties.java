package net.cpmpf.platform.backbone;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The backbone's shape, shared by every service ({@code cpm.backbone.*}). Broker addresses and client settings are
 * Spring Boot's own {@code spring.kafka.*}.
 *
 * @param partitions partitions of each recipient-keyed topic: the most consumer replicas any service can use
 * @param edgeCommandPartitions partitions of the edge command topic: the most SIP edge pods the cluster can run
 * @param replicationFactor replication of every topic (3 in production, 1 on a single local broker)
 * @param edgeCommandRetention how long the edge command topic keeps answers; a new edge reads all it keeps
 * @param retry how often a failing record is retried before it goes to its dead-letter topic
 * @param largeContentMaxBytes {@code max.message.bytes} of the large-message content topic (and its dead letters):
 *     one record carries a whole deferred large message, base64 in JSON (4/3 of the content, plus the deferral's
 *     metadata). The default, 16 MiB, fits the edge's default 10 MB; the producers of the edge and of the delivery
 *     service (dead letters) need a {@code max.request.size} at least this large
 */
@ConfigurationProperties("cpm.backbone")
public record BackboneProperties(
        @DefaultValue("12") int partitions,
        @DefaultValue("16") int edgeCommandPartitions,
        @DefaultValue("1") short replicationFactor,
        @DefaultValue("1h") Duration edgeCommandRetention,
        @DefaultValue Retry retry,
        @DefaultValue("16777216") int largeContentMaxBytes) {

    /**
     * @param interval pause between two attempts
     * @param attempts retries after the first failure; bounded so one poison record cannot stall a partition
     * @param maxOutagePause longest pause between retries of a record that failed because a store is down
     */
    public record Retry(
            @DefaultValue("200ms") Duration interval,
            @DefaultValue("3") int attempts,
            @DefaultValue("30s") Duration maxOutagePause) {}
}
