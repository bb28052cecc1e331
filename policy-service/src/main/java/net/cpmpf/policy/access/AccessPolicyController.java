package net.cpmpf.policy.access;

import java.util.Map;
import net.cpmpf.events.CpmAddress;
import net.cpmpf.platform.redis.RedisUnavailableException;
import net.cpmpf.policy.system.PolicyProperties;
import net.cpmpf.xml.MalformedDocumentException;
import net.cpmpf.xml.commonpolicy.CommonPolicyParser;
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

/**
 * Provisioning of a user's access policy ({@code application/auth-policy+xml}). A document is parsed before it is
 * stored: a bad one is refused with 400 and the reason, and nothing is stored.
 */
@RestController
@RequestMapping("/api/v1/users/{user}/access-policy")
class AccessPolicyController {

    static final String AUTH_POLICY_XML = "application/auth-policy+xml";

    private final AccessPolicyStore store;
    private final CommonPolicyParser parser = new CommonPolicyParser();
    private final int maxBytes;

    AccessPolicyController(AccessPolicyStore store, PolicyProperties properties) {
        this.store = store;
        this.maxBytes = properties.access().maxDocumentBytes();
    }

    @PutMapping(consumes = {AUTH_POLICY_XML, MediaType.APPLICATION_XML_VALUE})
    Mono<ResponseEntity<Object>> put(@PathVariable String user, @RequestBody byte[] document) {
        String address;
        try {
            address = CpmAddress.normalize(user);
        } catch (IllegalArgumentException e) {
            return Mono.just(error(HttpStatus.BAD_REQUEST, e.getMessage()));
        }
        if (document.length > maxBytes) {
            return Mono.just(error(HttpStatus.CONTENT_TOO_LARGE, "document larger than " + maxBytes + " bytes"));
        }
        try {
            parser.parse(document);
        } catch (MalformedDocumentException e) {
            return Mono.just(error(HttpStatus.BAD_REQUEST, e.reason() + ": " + e.getMessage()));
        }
        return available(store.save(address, document)
                .thenReturn(ResponseEntity.noContent().build()));
    }

    @GetMapping(produces = AUTH_POLICY_XML)
    Mono<ResponseEntity<Object>> get(@PathVariable String user) {
        return withUser(
                user,
                address -> available(
                        store.find(address).map(document -> document.<ResponseEntity<Object>>map(ResponseEntity::ok)
                                .orElseGet(() -> ResponseEntity.notFound().build()))));
    }

    @DeleteMapping
    Mono<ResponseEntity<Object>> delete(@PathVariable String user) {
        return withUser(
                user,
                address -> available(store.delete(address)
                        .map(existed -> existed
                                ? ResponseEntity.noContent().build()
                                : ResponseEntity.notFound().build())));
    }

    private static Mono<ResponseEntity<Object>> withUser(
            String user, java.util.function.Function<String, Mono<ResponseEntity<Object>>> action) {
        try {
            return action.apply(CpmAddress.normalize(user));
        } catch (IllegalArgumentException e) {
            return Mono.just(error(HttpStatus.BAD_REQUEST, e.getMessage()));
        }
    }

    private static Mono<ResponseEntity<Object>> available(Mono<ResponseEntity<Object>> call) {
        return call.onErrorResume(
                RedisUnavailableException.class, e -> Mono.just(error(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage())));
    }

    private static ResponseEntity<Object> error(HttpStatus status, String reason) {
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("error", reason));
    }
}
