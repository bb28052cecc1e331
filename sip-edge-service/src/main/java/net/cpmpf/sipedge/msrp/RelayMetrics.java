package net.cpmpf.sipedge.msrp;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The MSRP node's counters ({@code cpm.edge.msrp.*}); the gauges are registered by the node itself. */
final class RelayMetrics {

    private static final String[] ERRORS = {
        "malformed",
        "unknown-session",
        "unexpected-response",
        "unexpected-message",
        "connect-failed",
        "idle",
        "io",
        "too-large",
        "store-failed"
    };

    private final MeterRegistry meters;
    private final Counter toClient;
    private final Counter toOriginator;
    private final Counter paused;
    private final Counter received;

    RelayMetrics(MeterRegistry meters) {
        this.meters = meters;
        this.toClient = bytes("to-client");
        this.toOriginator = bytes("to-originator");
        this.received = bytes("received");
        this.paused = Counter.builder("cpm.edge.msrp.backpressure")
                .description("Times a connection stopped being read because the other could not take more")
                .register(meters);
        // Registered up front, so that dashboards show zero rather than nothing.
        for (String reason : ERRORS) {
            error(reason, 0);
        }
    }

    private Counter bytes(String direction) {
        return Counter.builder("cpm.edge.msrp.bytes")
                .description("Body bytes relayed")
                .baseUnit("bytes")
                .tag("direction", direction)
                .register(meters);
    }

    void relayed(String direction, int bytes) {
        (direction.equals("to-client") ? toClient : toOriginator).increment(bytes);
    }

    /** Body bytes the PF received as the endpoint (deferred large messages). */
    void received(int bytes) {
        received.increment(bytes);
    }

    void paused() {
        paused.increment();
    }

    void error(String reason) {
        error(reason, 1);
    }

    private void error(String reason, int count) {
        Counter.builder("cpm.edge.msrp.errors")
                .description("Refused or failed MSRP traffic, by reason")
                .tag("reason", reason)
                .register(meters)
                .increment(count);
    }
}
