package net.cpmpf.policy.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import net.cpmpf.policy.system.PolicyProperties;
import net.cpmpf.testkit.ApiClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

/** Hostile and broken provisioning requests for an access policy: each gets its 4xx and a reason, nothing is stored. */
class AccessPolicyApiInputTest {

    private static final String BOB = "/api/v1/users/sip%3Abob%40example.com/access-policy";
    private static final String XML = AccessPolicyController.AUTH_POLICY_XML;
    private static final int BODY_LIMIT = 64 * 1024;
    private static final int DOCUMENT_LIMIT = 16 * 1024;

    private final AccessPolicyStore store = mock(AccessPolicyStore.class);
    private final WebTestClient http;

    AccessPolicyApiInputTest() {
        when(store.save(anyString(), any())).thenReturn(Mono.empty());
        PolicyProperties properties =
                new PolicyProperties(null, new PolicyProperties.Access("cpm-pf", false, DOCUMENT_LIMIT), null, null);
        http = ApiClient.over(BODY_LIMIT, new AccessPolicyController(store, properties));
    }

    static Stream<Arguments> refusals() {
        String ruleset = "<ruleset xmlns=\"urn:ietf:params:xml:ns:common-policy\">";
        return Stream.of(
                Arguments.of("not XML", BOB, XML, "hello", 400, "NOT_WELL_FORMED"),
                Arguments.of("unclosed", BOB, XML, ruleset + "<rule id=\"a\">", 400, "NOT_WELL_FORMED"),
                Arguments.of(
                        "external entity",
                        BOB,
                        XML,
                        "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>" + ruleset + "&x;</ruleset>",
                        400,
                        "DTD_FORBIDDEN"),
                Arguments.of("other vocabulary", BOB, XML, "<r xmlns=\"urn:other\"/>", 400, "UNEXPECTED_ROOT"),
                Arguments.of("JSON for XML", BOB, "application/json", "{}", 415, XML),
                Arguments.of("text for XML", BOB, "text/plain", ruleset + "</ruleset>", 415, "not accepted"),
                Arguments.of("no body", BOB, XML, null, 400, "body"),
                Arguments.of(
                        "over the document limit",
                        BOB,
                        XML,
                        ruleset + " ".repeat(DOCUMENT_LIMIT) + "</ruleset>",
                        413,
                        "larger than"),
                Arguments.of("over the body limit", BOB, XML, "x".repeat(BODY_LIMIT + 1), 413, "limit"),
                Arguments.of(
                        "not a CPM address",
                        "/api/v1/users/bob/access-policy",
                        XML,
                        ruleset + "</ruleset>",
                        400,
                        "not a CPM address"),
                Arguments.of(
                        "empty user", "/api/v1/users/%20/access-policy", XML, ruleset + "</ruleset>", 400, "address"));
    }

    @ParameterizedTest(name = "{0}: {4}")
    @MethodSource("refusals")
    void refusesWithAReason(String what, String path, String contentType, String body, int status, String reason) {
        WebTestClient.RequestBodySpec put = http.put().uri(URI.create(path)).header("Content-Type", contentType);
        WebTestClient.ResponseSpec response = body == null
                ? put.exchange()
                : put.bodyValue(body.getBytes(StandardCharsets.UTF_8)).exchange();

        response.expectStatus()
                .isEqualTo(status)
                .expectBody()
                .jsonPath("$.error")
                .value(error -> assertThat((String) error).contains(reason));
        verify(store, never()).save(anyString(), any());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void answersAMethodItDoesNotServeWith405(HttpMethod method) {
        http.method(method)
                .uri(URI.create(BOB))
                .exchange()
                .expectStatus()
                .isEqualTo(405)
                .expectBody()
                .jsonPath("$.error")
                .exists();
    }

    static Stream<HttpMethod> methods() {
        return Stream.of(HttpMethod.POST, HttpMethod.PATCH);
    }
}
