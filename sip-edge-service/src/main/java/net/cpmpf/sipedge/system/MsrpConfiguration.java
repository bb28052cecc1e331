package net.cpmpf.sipedge.system;

import io.micrometer.core.instrument.MeterRegistry;
import net.cpmpf.sipedge.msrp.MsrpNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The MSRP node, listening before SIP takes requests (its port goes into SDP) and stopping after SIP has. */
@Configuration(proxyBeanMethods = false)
class MsrpConfiguration {

    @Bean
    MsrpNode msrpNode(EdgeProperties properties, MeterRegistry meters) {
        return new MsrpNode(properties.msrp(), meters);
    }

    @Bean
    MsrpLifecycle msrpLifecycle(MsrpNode node, EdgeProperties properties) {
        return new MsrpLifecycle(node, properties.msrp().host());
    }

    static final class MsrpLifecycle implements SmartLifecycle {

        private static final Logger log = LoggerFactory.getLogger(MsrpLifecycle.class);

        private final MsrpNode node;
        private final String host;

        MsrpLifecycle(MsrpNode node, String host) {
            this.node = node;
            this.host = host;
        }

        @Override
        public void start() {
            node.start();
            log.info("MSRP listening on tcp {}:{}", host, node.port());
        }

        @Override
        public void stop() {
            node.stop();
            log.info("MSRP stopped");
        }

        @Override
        public boolean isRunning() {
            return node.isRunning();
        }

        @Override
        public int getPhase() {
            return SmartLifecycle.DEFAULT_PHASE - 1;
        }
    }
}
