package net.cpmpf.platform.api;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.MessageDigest;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Lets a request into {@code /api/**} only with {@code Authorization: Bearer <one of the tokens>} (RFC 6750); others
 * get 401 with {@code WWW-Authenticate}. Probes and metrics stay open: the cluster and Prometheus must reach them.
 */
final class BearerTokenFilter implements WebFilter {

    private static final String PREFIX = "Bearer ";

    private final List<byte[]> tokens;

    BearerTokenFilter(List<String> tokens) {
        this.tokens = tokens.stream().map(token -> token.getBytes(UTF_8)).toList();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!exchange.getRequest().getPath().value().startsWith("/api/") || allowed(exchange)) {
            return chain.filter(exchange);
        }
        var response = exchange.getResponse();
        response.setStatusCode(HttpStatus.UNAUTHORIZED);
        response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"cpm-pf\"");
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        byte[] body = "{\"error\":\"unauthorized\",\"reason\":\"a valid bearer token is required\"}".getBytes(UTF_8);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    private boolean allowed(ServerWebExchange exchange) {
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return false;
        }
        byte[] presented = header.substring(PREFIX.length()).strip().getBytes(UTF_8);
        boolean match = false;
        for (byte[] token : tokens) {
            // Every token compared in constant time, so timing tells nothing about which one almost matched.
            match |= MessageDigest.isEqual(token, presented);
        }
        return match;
    }
}
