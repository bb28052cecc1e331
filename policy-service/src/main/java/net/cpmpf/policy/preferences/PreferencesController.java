package net.cpmpf.policy.preferences;

import static net.cpmpf.platform.api.ApiResponses.error;
import static net.cpmpf.platform.api.ApiResponses.forUser;
import static net.cpmpf.platform.api.ApiResponses.whileStoreUp;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Provisioning of a user's preferences (JSON); a document that does not validate is refused whole with 400. */
@RestController
@RequestMapping("/api/v1/users/{user}/preferences")
class PreferencesController {

    private final PreferencesStore store;
    private final JsonMapper json;

    PreferencesController(PreferencesStore store, JsonMapper json) {
        this.store = store;
        this.json = json;
    }

    @PutMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Object>> put(@PathVariable String user, @RequestBody String body) {
        return forUser(user, address -> {
            Preferences preferences;
            try {
                preferences = json.readValue(body, Preferences.class);
            } catch (JacksonException | IllegalArgumentException e) {
                return Mono.just(error(HttpStatus.BAD_REQUEST, e.getMessage()));
            }
            if (preferences == null) {
                return Mono.just(error(HttpStatus.BAD_REQUEST, "empty document"));
            }
            return whileStoreUp(store.save(address, preferences).thenReturn(ResponseEntity.ok((Object) preferences)));
        });
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Object>> get(@PathVariable String user) {
        return forUser(
                user,
                address -> whileStoreUp(store.find(address)
                        .map(found -> ResponseEntity.ok((Object) found.orElse(Preferences.DEFAULTS)))));
    }

    @DeleteMapping
    Mono<ResponseEntity<Object>> delete(@PathVariable String user) {
        return forUser(
                user,
                address -> whileStoreUp(store.delete(address)
                        .map(existed -> existed
                                ? ResponseEntity.noContent().build()
                                : ResponseEntity.notFound().build())));
    }
}
