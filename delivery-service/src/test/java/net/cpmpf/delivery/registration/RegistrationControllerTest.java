package net.cpmpf.delivery.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.lettuce.core.RedisConnectionException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import net.cpmpf.events.RegisteredContact;
import net.cpmpf.platform.redis.RedisUnavailableException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

/** The HTTP contract of the cache view, with the cache stubbed. */
class RegistrationControllerTest {

    private final RegistrationCache cache = mock(RegistrationCache.class);
    private final WebTestClient http =
            WebTestClient.bindToController(new RegistrationController(cache)).build();

    @Test
    void encodedAddressIsDecodedAndNormalised() {
        var contact = new RegisteredContact(
                "sip:bob@192.0.2.7",
                "urn:uuid:1",
                "sip:bob@example.com;gr=urn:uuid:1",
                null,
                List.of("+g.oma.sip-im"),
                Instant.parse("2026-05-01T10:00:00Z"));
        when(cache.activeContacts("sip:bob@example.com")).thenReturn(Mono.just(List.of(contact)));

        http.get()
                .uri(URI.create("/api/v1/users/sip%3Abob%40Example.COM/registrations"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.user")
                .isEqualTo("sip:bob@example.com")
                .jsonPath("$.contacts[0].contactUri")
                .isEqualTo("sip:bob@192.0.2.7")
                .jsonPath("$.contacts[0].instanceId")
                .isEqualTo("urn:uuid:1")
                .jsonPath("$.contacts[0].publicGruu")
                .isEqualTo("sip:bob@example.com;gr=urn:uuid:1")
                .jsonPath("$.contacts[0].tempGruu")
                .doesNotExist()
                .jsonPath("$.contacts[0].featureTags[0]")
                .isEqualTo("+g.oma.sip-im")
                .jsonPath("$.contacts[0].expiresAt")
                .isEqualTo("2026-05-01T10:00:00Z");
    }

    @Test
    void unregisteredUserHasNoContacts() {
        when(cache.activeContacts("sip:carol@example.com")).thenReturn(Mono.just(List.of()));

        http.get()
                .uri(URI.create("/api/v1/users/sip%3Acarol%40example.com/registrations"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .json("{\"user\":\"sip:carol@example.com\",\"contacts\":[]}");
    }

    @Test
    void somethingThatIsNotAnAddressIsABadRequest() {
        http.get()
                .uri("/api/v1/users/bob/registrations")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.error")
                .isEqualTo("not a CPM address: bob");
    }

    @Test
    void unreachableRedisIsServiceUnavailable() {
        when(cache.activeContacts("sip:bob@example.com"))
                .thenReturn(Mono.error(new RedisUnavailableException(
                        "127.0.0.1:6379", new RedisConnectionException("connection refused"))));

        http.get()
                .uri(URI.create("/api/v1/users/sip%3Abob%40example.com/registrations"))
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectBody()
                .jsonPath("$.error")
                .value(String.class, reason -> assertThat(reason).contains("connection refused"));
    }
}
