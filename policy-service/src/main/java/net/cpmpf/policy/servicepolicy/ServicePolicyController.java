package net.cpmpf.policy.servicepolicy;

import static net.cpmpf.platform.api.ApiResponses.error;
import static net.cpmpf.platform.api.ApiResponses.whileStoreUp;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Provisioning of the service provider's policy (JSON). A document out of bounds is refused whole with 400. */
@RestController
class ServicePolicyController {

    private static final String PATH = "/api/v1/service-policy";

    private final ServicePolicyStore store;
    private final JsonMapper json;

    ServicePolicyController(ServicePolicyStore store, JsonMapper json) {
        this.store = store;
        this.json = json;
    }

    @PutMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Object>> put(@RequestBody String body) {
        ServicePolicy policy;
        try {
            policy = json.readValue(body, ServicePolicy.class);
        } catch (JacksonException | IllegalArgumentException e) {
            return Mono.just(error(HttpStatus.BAD_REQUEST, rootMessage(e)));
        }
        if (policy == null) {
            return Mono.just(error(HttpStatus.BAD_REQUEST, "empty document"));
        }
        return whileStoreUp(store.save(policy).thenReturn(ResponseEntity.ok((Object) policy)));
    }

    @GetMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Object>> get() {
        return whileStoreUp(store.current().map(policy -> ResponseEntity.ok((Object) policy)));
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.length() > 300 ? message.substring(0, 300) : message;
    }
}
