package net.cpmpf.platform.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ResponseStatusException;

class ApiErrorHandlerTest {

    private final ApiErrorHandler handler = new ApiErrorHandler();

    @Test
    void escapesTheReasonIntoJson() {
        assertThat(ApiErrorHandler.json("a \"quoted\" \\ path\n\u0000"))
                .isEqualTo("{\"error\":\"a \\\"quoted\\\" \\\\ path\\u000a\\u0000\"}");
        assertThat(ApiErrorHandler.json("x".repeat(1_000))).hasSize(300 + "{\"error\":\"\"}".length());
    }

    @Test
    void leavesWhatIsNotTheApiToTheNextHandler() {
        var exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/readyz"));
        var error = new ResponseStatusException(HttpStatus.NOT_ACCEPTABLE);

        assertThatThrownBy(() -> handler.handle(exchange, error).block()).isSameAs(error);
    }

    @Test
    void leavesServerErrorsToTheNextHandler() {
        var exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/service-policy"));
        var error = new IllegalStateException("bug");

        assertThatThrownBy(() -> handler.handle(exchange, error).block()).isSameAs(error);
    }

    @Test
    void answersAClientErrorWithItsReason() {
        var exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/service-policy"));

        handler.handle(exchange, new ResponseStatusException(HttpStatus.NOT_ACCEPTABLE, "no XML"))
                .block();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.NOT_ACCEPTABLE);
        assertThat(exchange.getResponse().getBodyAsString().block()).isEqualTo("{\"error\":\"no XML\"}");
    }
}
