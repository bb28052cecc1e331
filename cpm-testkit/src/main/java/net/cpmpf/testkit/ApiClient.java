package net.cpmpf.testkit;

import net.cpmpf.platform.api.ApiErrorHandler;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.config.EnableWebFlux;
import org.springframework.web.reactive.config.WebFluxConfigurer;

/**
 * A {@link WebTestClient} over a service's controllers with what every service adds in production: the platform's
 * {@link ApiErrorHandler} and a request body limit, so that a test sees the statuses and reasons a client would.
 */
public final class ApiClient {

    private ApiClient() {}

    /**
     * @param maxBodyBytes the body limit ({@code spring.codec.max-in-memory-size})
     * @param controllers the controllers under test, their collaborators stubbed
     */
    public static WebTestClient over(int maxBodyBytes, Object... controllers) {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        context.registerBean(Limits.class, () -> new Limits(maxBodyBytes));
        for (Object controller : controllers) {
            registerAs(context, controller);
        }
        context.register(Web.class);
        context.refresh();
        return WebTestClient.bindToApplicationContext(context).build();
    }

    @SuppressWarnings("unchecked")
    private static <T> void registerAs(AnnotationConfigApplicationContext context, T controller) {
        context.registerBean((Class<T>) controller.getClass(), () -> controller);
    }

    record Limits(int maxBodyBytes) {}

    @Configuration(proxyBeanMethods = false)
    @EnableWebFlux
    static class Web implements WebFluxConfigurer {

        private final Limits limits;

        Web(Limits limits) {
            this.limits = limits;
        }

        @Override
        public void configureHttpMessageCodecs(ServerCodecConfigurer codecs) {
            codecs.defaultCodecs().maxInMemorySize(limits.maxBodyBytes());
        }

        @Bean
        ApiErrorHandler apiErrorHandler() {
            return new ApiErrorHandler();
        }
    }
}
