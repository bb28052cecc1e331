package net.cpmpf.defer.store;

import static net.cpmpf.platform.api.ApiResponses.forUser;
import static net.cpmpf.platform.api.ApiResponses.whileStoreUp;

import java.time.Instant;
import java.util.List;
import net.cpmpf.defer.system.DeferProperties;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Read-only view of a user's deferred messages for operators and tests. {@code {user}} arrives URL-decoded, so {@code
 * sip%3Abob%40example.com} names {@code sip:bob@example.com}. At most {@code backlog-limit} messages, oldest first.
 */
@RestController
class DeferredController {

    private final DeferredStore store;
    private final int limit;

    DeferredController(DeferredStore store, DeferProperties properties) {
        this.store = store;
        this.limit = properties.backlogLimit();
    }

    record DeferredMessages(String user, List<Message> messages) {}

    /** One message without its body; {@code size} is the body's length in bytes. */
    record Message(
            String messageUriId,
            String sender,
            Instant receivedAt,
            Instant expiresAt,
            long size,
            String contentType,
            String reason,
            List<String> deliveredTo) {

        static Message of(DeferredStore.Entry entry) {
            var deferred = entry.deferred();
            return new Message(
                    deferred.messageUriId(),
                    deferred.sender(),
                    deferred.message().receivedAt(),
                    deferred.expiresAt(),
                    deferred.size(),
                    deferred.contentType(),
                    deferred.reason().name(),
                    entry.deliveredTo());
        }
    }

    @GetMapping(path = "/api/v1/users/{user}/deferred", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Object>> deferred(@PathVariable String user) {
        return forUser(
                user,
                address -> whileStoreUp(store.list(address, limit)
                        .map(entries -> ResponseEntity.ok((Object) new DeferredMessages(
                                address, entries.stream().map(Message::of).toList())))));
    }
}
