package net.cpmpf.platform.api;

import java.util.Map;
import java.util.function.Function;
import net.cpmpf.events.CpmAddress;
import net.cpmpf.platform.redis.RedisUnavailableException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import reactor.core.publisher.Mono;

/** Every service API's error shape ({@code {"error": reason}}) and its answer while the store is away. */
public final class ApiResponses {

    private static final int MAX_REASON = 300;

    private ApiResponses() {}

    public static ResponseEntity<Object> error(HttpStatus status, String reason) {
        String text = reason == null ? status.getReasonPhrase() : reason;
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("error", text.length() > MAX_REASON ? text.substring(0, MAX_REASON) : text));
    }

    /** Runs {@code action} for the user's CPM address in normal form, or answers 400 when it is not one. */
    public static Mono<ResponseEntity<Object>> forUser(
            String user, Function<String, Mono<ResponseEntity<Object>>> action) {
        String address;
        try {
            address = CpmAddress.normalize(user);
        } catch (IllegalArgumentException e) {
            return Mono.just(error(HttpStatus.BAD_REQUEST, e.getMessage()));
        }
        return action.apply(address);
    }

    /** 503 with the reason when Redis cannot be reached in time; never a hang. */
    public static Mono<ResponseEntity<Object>> whileStoreUp(Mono<ResponseEntity<Object>> call) {
        return call.onErrorResume(
                RedisUnavailableException.class, e -> Mono.just(error(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage())));
    }
}
