package net.cpmpf.platform.api;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

class BearerTokenFilterTest {

    private static final String TOKEN = "s3cret-token-0123456789";
    private static final String OLD_TOKEN = "older-token-0123456789";

    private final WebTestClient http = WebTestClient.bindToRouterFunction(RouterFunctions.route()
                    .GET("/api/v1/service-policy", request -> ServerResponse.ok()
                            .bodyValue("{}"))
                    .GET("/readyz", request -> ServerResponse.ok().bodyValue("UP"))
                    .build())
            .webFilter(new BearerTokenFilter(List.of(TOKEN, OLD_TOKEN)))
            .build();

    @Test
    void theApiNeedsOneOfTheTokens() {
        http.get()
                .uri("/api/v1/service-policy")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .valueEquals("WWW-Authenticate", "Bearer realm=\"cpm-pf\"")
                .expectBody(String.class)
                .value(body -> org.assertj.core.api.Assertions.assertThat(body).contains("bearer token"));
        http.get()
                .uri("/api/v1/service-policy")
                .header("Authorization", "Bearer wrong-token-0123456789")
                .exchange()
                .expectStatus()
                .isUnauthorized();
        http.get()
                .uri("/api/v1/service-policy")
                .header("Authorization", "Basic " + TOKEN)
                .exchange()
                .expectStatus()
                .isUnauthorized();
        http.get()
                .uri("/api/v1/service-policy")
                .header("Authorization", "Bearer " + TOKEN)
                .exchange()
                .expectStatus()
                .isOk();
        http.get()
                .uri("/api/v1/service-policy")
                .header("Authorization", "bearer " + OLD_TOKEN)
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void probesStayOpen() {
        http.get().uri("/readyz").exchange().expectStatus().isOk();
    }

    @Test
    void shortTokensAreRefusedAtStartup() {
        assertThatThrownBy(() -> new ApiProperties(List.of("short"))).isInstanceOf(IllegalArgumentException.class);
    }
}
