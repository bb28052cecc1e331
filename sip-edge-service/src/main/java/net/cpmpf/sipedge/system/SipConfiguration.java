package net.cpmpf.sipedge.system;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import net.cpmpf.sipedge.sip.SipEndpoint;
import net.cpmpf.sipedge.sip.SipReply;
import net.cpmpf.sipedge.sip.SipRequestHandler;
import net.cpmpf.sipedge.sip.SourceRateLimiter;
import net.cpmpf.sipedge.sip.StackSipClient;
import net.cpmpf.sipedge.sip.TargetResolver;
import net.cpmpf.sipedge.trust.CoreAddresses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The SIP layer's only wiring: one endpoint for every {@link SipRequestHandler} bean, run with the context. */
@Configuration(proxyBeanMethods = false)
public class SipConfiguration {

    /** Lab mode contributes a resolver for the GRUUs it mints; without one requests go out as addressed. */
    @Bean
    StackSipClient sipClient(EdgeProperties properties, ObjectProvider<TargetResolver> targets) {
        return new StackSipClient(properties.sip(), targets.getIfAvailable(() -> TargetResolver.NONE));
    }

    @Bean
    SipEndpoint sipEndpoint(
            EdgeProperties properties,
            ObjectProvider<SipRequestHandler> handlers,
            StackSipClient client,
            CoreAddresses core,
            MeterRegistry meters) {
        var limit = properties.rateLimit();
        var limiter = new SourceRateLimiter(limit.perSource(), limit.burst(), limit.maxSources(), core::contains);
        var refusal = SipReply.unavailable(limit.retryAfter());
        var endpoint =
                new SipEndpoint(properties.sip(), handlers.orderedStream().toList(), client, limiter, refusal);
        Gauge.builder("cpm.edge.sip.udp.transactions", endpoint, SipEndpoint::udpTransactionsHeld)
                .description("non-INVITE transactions over UDP held (cpm.edge.sip.max-server-transactions)")
                .register(meters);
        Gauge.builder("cpm.edge.sip.udp.answers", endpoint, SipEndpoint::udpAnswerBytes)
                .description("bytes that UDP transactions' answers take for Timer J: the most held at once since start")
                .baseUnit("bytes")
                .register(meters);
        FunctionCounter.builder("cpm.edge.sip.udp.dropped", endpoint, e -> e.udpDropped(true))
                .description("UDP datagrams dropped because the queue to the parsing threads was full (a flood)")
                .tag("reason", "queue_full")
                .register(meters);
        FunctionCounter.builder("cpm.edge.sip.udp.dropped", endpoint, e -> e.udpDropped(false))
                .description("UDP datagrams dropped because they waited in that queue past its max-delay")
                .tag("reason", "stale")
                .register(meters);
        FunctionCounter.builder("cpm.edge.sip.udp.transactions.refused", endpoint, SipEndpoint::udpTransactionsRefused)
                .description("new UDP requests answered 503 because max-server-transactions were held")
                .register(meters);
        return endpoint;
    }

    @Bean
    SipLifecycle sipLifecycle(SipEndpoint endpoint) {
        return new SipLifecycle(endpoint);
    }

    /**
     * Listens once every bean is ready (the last phase to start) and stops listening first on shutdown, so no
     * request arrives at a handler whose dependencies are gone.
     */
    static final class SipLifecycle implements SmartLifecycle {

        private static final Logger log = LoggerFactory.getLogger(SipLifecycle.class);

        private final SipEndpoint endpoint;

        SipLifecycle(SipEndpoint endpoint) {
            this.endpoint = endpoint;
        }

        @Override
        public void start() {
            endpoint.start();
            List<String> points = endpoint.listening();
            log.info("SIP listening on {}; Allow: {}", points, endpoint.allow());
        }

        @Override
        public void stop() {
            endpoint.stop();
            log.info("SIP stopped");
        }

        @Override
        public boolean isRunning() {
            return endpoint.isRunning();
        }

        @Override
        public int getPhase() {
            return SmartLifecycle.DEFAULT_PHASE;
        }
    }
}
