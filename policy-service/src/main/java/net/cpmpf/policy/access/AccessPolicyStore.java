package net.cpmpf.policy.access;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import net.cpmpf.platform.redis.RedisConnector;
import net.cpmpf.policy.system.PolicyProperties;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Each user's access policy document (RFC 4745 + OMA shared policy), as the user's XDMS would hold it: one Redis
 * string per user, stored only after it parsed, so a stored document always parses again.
 */
@Component
public class AccessPolicyStore {

    private final RedisConnector redis;
    private final String prefix;

    AccessPolicyStore(RedisConnector redis, PolicyProperties properties) {
        this.redis = redis;
        this.prefix = properties.redis().keyPrefix() + "policy:access:";
    }

    public Mono<Optional<byte[]>> find(String user) {
        return redis.execute(commands -> commands.get(key(user)))
                .map(this::decode)
                .defaultIfEmpty(Optional.empty());
    }

    public String key(String user) {
        return prefix + user;
    }

    /** @param stored the value under {@link #key}, {@code null} when there is none */
    public Optional<byte[]> decode(String stored) {
        return Optional.ofNullable(stored).map(xml -> xml.getBytes(StandardCharsets.UTF_8));
    }

    Mono<Void> save(String user, byte[] document) {
        return redis.execute(commands -> commands.set(key(user), new String(document, StandardCharsets.UTF_8)))
                .then();
    }

    /** @return whether there was a document */
    Mono<Boolean> delete(String user) {
        return redis.execute(commands -> commands.del(key(user))).map(count -> count > 0);
    }
}
