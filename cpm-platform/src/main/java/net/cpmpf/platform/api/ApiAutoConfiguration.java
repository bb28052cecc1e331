package net.cpmpf.platform.api;

import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.server.WebFilter;

/**
 * Authentication of every service's HTTP API (bearer tokens when configured, open and said so otherwise) and its
 * answers to requests WebFlux refuses before a handler sees them.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@EnableConfigurationProperties(ApiProperties.class)
public class ApiAutoConfiguration {

    @Bean
    WebFilter apiAuthentication(ApiProperties properties) {
        if (properties.tokens().isEmpty()) {
            LoggerFactory.getLogger(ApiAutoConfiguration.class)
                    .warn("The HTTP API is open: no cpm.api.tokens configured (fine for the local stack only)");
            return (exchange, chain) -> chain.filter(exchange);
        }
        return new BearerTokenFilter(properties.tokens());
    }

    @Bean
    ApiErrorHandler apiErrorHandler() {
        return new ApiErrorHandler();
    }
}
