package net.cpmpf.platform.backbone;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.RecordInterceptor;

/**
 * How long each record took from its producer's {@code send} to its consumer's hands, per topic: the producer's
 * batching, the broker and the fetch, and for a record listener the wait behind earlier records of the same poll (a
 * batch listener gets the whole poll at once, so its records are timed as the batch is handed over). A SIP
 * transaction crosses three topics while its originator waits, so this is where the backbone's share of the latency
 * shows, hop by hop.
 *
 * <p>Across hosts the figure carries their clock difference; a record that seems to come from the future counts as
 * zero.
 */
public final class RecordAges {

    static final String METER = "cpm.backbone.record.age";

    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public RecordAges(MeterRegistry meters, Clock clock) {
        this.meters = meters;
        this.clock = clock;
    }

    /** For record listeners: each record as it is handed over. */
    public RecordInterceptor<Object, Object> recordInterceptor() {
        return (record, consumer) -> {
            observe(record, clock.millis());
            return record;
        };
    }

    /** For batch listeners: every record of the poll, as the batch is handed over. */
    public BatchInterceptor<Object, Object> batchInterceptor() {
        return (records, consumer) -> {
            long now = clock.millis();
            for (ConsumerRecord<Object, Object> record : records) {
                observe(record, now);
            }
            return records;
        };
    }

    void observe(ConsumerRecord<?, ?> record, long now) {
        // Only a producer's own time says how long the record travelled; a broker's append time would hide its
        // batching.
        if (record.timestampType() != TimestampType.CREATE_TIME) {
            return;
        }
        timers.computeIfAbsent(record.topic(), this::timer)
                .record(Math.max(0, now - record.timestamp()), TimeUnit.MILLISECONDS);
    }

    private Timer timer(String topic) {
        return Timer.builder(METER)
                .description("Time from a record's send to its consumer")
                .tag("topic", topic)
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(meters);
    }
}
