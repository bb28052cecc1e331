package net.cpmpf.delivery.registration;

import static net.cpmpf.platform.api.ApiResponses.forUser;
import static net.cpmpf.platform.api.ApiResponses.whileStoreUp;

import java.util.List;
import net.cpmpf.events.RegisteredContact;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Read-only view of the cache for operators and tests. {@code {user}} arrives URL-decoded (WebFlux decodes {@code
 * %3A} and {@code %40} in path variables), so {@code sip%3Abob%40example.com} and {@code sip:bob@example.com} name
 * the same user.
 */
@RestController
class RegistrationController {

    private final RegistrationCache cache;

    RegistrationController(RegistrationCache cache) {
        this.cache = cache;
    }

    /** A user's active contacts. */
    record UserRegistrations(String user, List<RegisteredContact> contacts) {}

    @GetMapping(path = "/api/v1/users/{user}/registrations", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Object>> registrations(@PathVariable String user) {
        return forUser(
                user,
                address -> whileStoreUp(cache.activeContacts(address)
                        .map(contacts -> ResponseEntity.ok((Object) new UserRegistrations(address, contacts)))));
    }
}
