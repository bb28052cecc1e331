package net.cpmpf.policy.access;

import static net.cpmpf.platform.api.ApiResponses.error;
import static net.cpmpf.platform.api.ApiResponses.forUser;
import static net.cpmpf.platform.api.ApiResponses.whileStoreUp;

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
        return forUser(user, address -> {
            if (document.length > maxBytes) {
                return Mono.just(error(HttpStatus.CONTENT_TOO_LARGE, "document larger than " + maxBytes + " bytes"));
            }
            try {
                parser.parse(document);
            } catch (MalformedDocumentException e) {
                return Mono.just(error(HttpStatus.BAD_REQUEST, e.reason() + ": " + e.getMessage()));
            }
            return whileStoreUp(store.save(address, document)
                    .thenReturn(ResponseEntity.noContent().build()));
        });
    }

    @GetMapping(produces = AUTH_POLICY_XML)
    Mono<ResponseEntity<Object>> get(@PathVariable String user) {
        return forUser(
                user,
                address -> whileStoreUp(
                        store.find(address).map(document -> document.<ResponseEntity<Object>>map(ResponseEntity::ok)
                                .orElseGet(() -> ResponseEntity.notFound().build()))));
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
