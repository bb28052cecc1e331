package net.cpmpf.xml.commonpolicy;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An RFC 4745 §7.3 {@code <validity>} condition: true while the current time lies in one of its intervals. Bounded
 * by {@link CommonPolicyLimits#maxValidityIntervalsPerRule()} when parsed.
 */
public record Validity(List<Interval> intervals) {

    public Validity {
        intervals = List.copyOf(intervals);
    }

    public boolean contains(Instant now) {
        return intervals.stream().anyMatch(interval -> interval.contains(now));
    }

    /**
     * One {@code <from>}/{@code <until>} pair. {@code from} is inclusive and {@code until} exclusive, so that two
     * adjacent intervals never both hold at their shared instant.
     */
    public record Interval(Instant from, Instant until) {

        public Interval {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(until, "until");
            if (until.isBefore(from)) {
                throw new IllegalArgumentException("until " + until + " is before from " + from);
            }
        }

        public boolean contains(Instant now) {
            return !now.isBefore(from) && now.isBefore(until);
        }
    }
}
