package net.cpmpf.platform.backbone;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class RecordAgesTest {

    private static final long NOW = 1_700_000_000_000L;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RecordAges ages = new RecordAges(meters, Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));

    @Test
    void aRecordIsAsOldAsTheTimeSinceItsProducerSentIt() {
        var record = record("cpm.inbound-messages", NOW - 7, TimestampType.CREATE_TIME);

        assertThat(ages.recordInterceptor().intercept(record, null)).isSameAs(record);

        assertThat(timer("cpm.inbound-messages").count()).isEqualTo(1);
        assertThat(timer("cpm.inbound-messages").max(TimeUnit.MILLISECONDS)).isEqualTo(7);
    }

    @Test
    void everyRecordOfABatchCountsUnderItsOwnTopic() {
        var a = record("cpm.routed-messages", NOW - 3, TimestampType.CREATE_TIME);
        var b = record("cpm.routed-messages", NOW - 11, TimestampType.CREATE_TIME);
        var c = record("cpm.deferrals", NOW - 5, TimestampType.CREATE_TIME);
        var batch = new ConsumerRecords<>(
                Map.of(
                        new TopicPartition("cpm.routed-messages", 0),
                        List.of(a, b),
                        new TopicPartition("cpm.deferrals", 0),
                        List.of(c)),
                Map.of());

        assertThat(ages.batchInterceptor().intercept(batch, null)).isSameAs(batch);

        assertThat(timer("cpm.routed-messages").count()).isEqualTo(2);
        assertThat(timer("cpm.routed-messages").totalTime(TimeUnit.MILLISECONDS))
                .isEqualTo(14);
        assertThat(timer("cpm.deferrals").count()).isEqualTo(1);
    }

    @Test
    void aClockAheadOfOursCountsAsNoTimeAndABrokersTimeNotAtAll() {
        ages.recordInterceptor().intercept(record("t", NOW + 50, TimestampType.CREATE_TIME), null);
        ages.recordInterceptor().intercept(record("t", NOW - 40, TimestampType.LOG_APPEND_TIME), null);

        assertThat(timer("t").count()).isEqualTo(1);
        assertThat(timer("t").max(TimeUnit.MILLISECONDS)).isZero();
    }

    private Timer timer(String topic) {
        return meters.get(RecordAges.METER).tag("topic", topic).timer();
    }

    private static ConsumerRecord<Object, Object> record(String topic, long timestamp, TimestampType type) {
        return new ConsumerRecord<>(
                topic, 0, 0, timestamp, type, 0, 0, "key", "value", new RecordHeaders(), Optional.empty());
    }
}
