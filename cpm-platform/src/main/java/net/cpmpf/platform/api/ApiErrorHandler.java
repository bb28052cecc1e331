package net.cpmpf.platform.api;

import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Turns what WebFlux refuses before or while reading a request of {@code /api/**} (no route for the method, a
 * content type no handler consumes, a body that cannot be read, a body over {@code spring.codec.max-in-memory-size})
 * into the API's error shape, {@code {"error": reason}} with the 4xx status, instead of Boot's generic error page,
 * which names the status only. Anything else is left to the next handler.
 */
public final class ApiErrorHandler implements WebExceptionHandler, Ordered {

    /** Before Spring Boot's error handler (-1). */
    public static final int ORDER = -2;

    private static final int MAX_REASON = 300;

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted() || !exchange.getRequest().getPath().value().startsWith("/api/")) {
            return Mono.error(error);
        }
        HttpStatusCode status;
        String reason;
        if (causedByLimit(error)) {
            status = HttpStatus.CONTENT_TOO_LARGE;
            reason = "request body larger than the limit (spring.codec.max-in-memory-size)";
        } else if (error instanceof UnsupportedMediaTypeStatusException unsupported) {
            status = unsupported.getStatusCode();
            reason = "content type " + unsupported.getContentType() + " not accepted here; use "
                    + unsupported.getSupportedMediaTypes().stream()
                            .map(MediaType::toString)
                            .collect(Collectors.joining(" or "));
        } else if (error instanceof ResponseStatusException refused
                && refused.getStatusCode().is4xxClientError()) {
            status = refused.getStatusCode();
            reason = refused.getReason() == null ? refused.getMessage() : reasonWithCause(refused);
        } else {
            return Mono.error(error);
        }
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        DataBuffer body = response.bufferFactory().wrap(json(reason).getBytes(StandardCharsets.UTF_8));
        return response.writeWith(Mono.just(body));
    }

    private static boolean causedByLimit(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof DataBufferLimitException) {
                return true;
            }
        }
        return false;
    }

    /** "Failed to read HTTP message" says little: the parser's own message says what and where. */
    private static String reasonWithCause(ResponseStatusException refused) {
        Throwable cause = refused.getMostSpecificCause();
        return cause == refused || cause.getMessage() == null
                ? refused.getReason()
                : refused.getReason() + ": " + cause.getMessage();
    }

    static String json(String reason) {
        String text = reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason;
        StringBuilder out = new StringBuilder("{\"error\":\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append("\"}").toString();
    }
}
