package net.cpmpf.delivery.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import java.net.URI;
import java.util.stream.Stream;
import net.cpmpf.testkit.ApiClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Broken requests to the registration cache view: each gets its 4xx and a reason, never a 500. */
class RegistrationApiInputTest {

    private final WebTestClient http =
            ApiClient.over(16 * 1024, new RegistrationController(mock(RegistrationCache.class)));

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(
                        "not an address", HttpMethod.GET, "/api/v1/users/bob/registrations", "*/*", 400, "not a CPM"),
                Arguments.of(
                        "scheme only", HttpMethod.GET, "/api/v1/users/sip%3A/registrations", "*/*", 400, "CPM address"),
                Arguments.of(
                        "control character",
                        HttpMethod.GET,
                        "/api/v1/users/sip%3Ab%00ob%40example.com/registrations",
                        "*/*",
                        400,
                        "address"),
                Arguments.of(
                        "POST",
                        HttpMethod.POST,
                        "/api/v1/users/sip%3Abob%40example.com/registrations",
                        "*/*",
                        405,
                        "POST"),
                Arguments.of(
                        "XML wanted",
                        HttpMethod.GET,
                        "/api/v1/users/sip%3Abob%40example.com/registrations",
                        "application/xml",
                        406,
                        "Acceptable"));
    }

    @ParameterizedTest(name = "{0}: {4}")
    @MethodSource("refusals")
    void refusesWithAReason(String what, HttpMethod method, String path, String accept, int status, String reason) {
        http.method(method)
                .uri(URI.create(path))
                .header("Accept", accept)
                .exchange()
                .expectStatus()
                .isEqualTo(status)
                .expectBody()
                .jsonPath("$.error")
                .value(error -> assertThat((String) error).containsIgnoringCase(reason));
    }
}
