package net.cpmpf.policy.servicepolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import java.util.stream.Stream;
import net.cpmpf.testkit.ApiClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/** Broken service policy documents: each gets its 4xx and a reason, nothing is stored. */
class ServicePolicyApiInputTest {

    private static final String PATH = "/api/v1/service-policy";
    private static final int BODY_LIMIT = 16 * 1024;

    private final ServicePolicyStore store = mock(ServicePolicyStore.class);
    private final WebTestClient http = ApiClient.over(
            BODY_LIMIT, new ServicePolicyController(store, JsonMapper.builder().build()));

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("truncated JSON", "application/json", "{\"pagerSizeLimit\": 13", 400, "end-of-input"),
                Arguments.of("not JSON", "application/json", "pagerSizeLimit=1300", 400, "Unrecognized token"),
                Arguments.of("wrong type", "application/json", "{\"pagerSizeLimit\": \"big\"}", 400, "big"),
                Arguments.of("out of bounds", "application/json", "{\"pagerSizeLimit\": -1}", 400, "pagerSizeLimit"),
                Arguments.of("JSON null", "application/json", "null", 400, "empty document"),
                Arguments.of("XML", "application/xml", "<policy/>", 415, "application/json"),
                Arguments.of("form", "application/x-www-form-urlencoded", "a=b", 415, "not accepted"),
                Arguments.of("no body", "application/json", null, 400, "body"),
                Arguments.of(
                        "over the body limit",
                        "application/json",
                        "{\"allowedContentTypes\": [\"" + "t".repeat(BODY_LIMIT) + "\"]}",
                        413,
                        "limit"));
    }

    @ParameterizedTest(name = "{0}: {3}")
    @MethodSource("refusals")
    void refusesWithAReason(String what, String contentType, String body, int status, String reason) {
        WebTestClient.RequestBodySpec put = http.put().uri(PATH).header("Content-Type", contentType);
        WebTestClient.ResponseSpec response =
                body == null ? put.exchange() : put.bodyValue(body).exchange();

        response.expectStatus()
                .isEqualTo(status)
                .expectBody()
                .jsonPath("$.error")
                .value(error -> assertThat((String) error).contains(reason));
        verify(store, never()).save(any());
    }
}
