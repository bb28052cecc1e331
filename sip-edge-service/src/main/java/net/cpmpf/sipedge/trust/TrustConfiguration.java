package net.cpmpf.sipedge.trust;

import net.cpmpf.sipedge.system.EdgeProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The trust domain is the configured core: {@code cpm.edge.core.trusted}. */
@Configuration(proxyBeanMethods = false)
class TrustConfiguration {

    @Bean
    CoreAddresses coreAddresses(EdgeProperties properties) {
        return new CoreAddresses(properties.core().trusted());
    }
}
