package net.cpmpf.policy.preferences;

import java.util.Optional;
import net.cpmpf.platform.redis.RedisConnector;
import net.cpmpf.policy.system.PolicyProperties;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Each user's preferences as JSON in Redis, stored only after they validated. */
@Component
public class PreferencesStore {

    private final RedisConnector redis;
    private final JsonMapper json;
    private final String prefix;

    PreferencesStore(RedisConnector redis, JsonMapper json, PolicyProperties properties) {
        this.redis = redis;
        this.json = json;
        this.prefix = properties.redis().keyPrefix() + "policy:preferences:";
    }

    public Mono<Optional<Preferences>> find(String user) {
        return redis.execute(commands -> commands.get(key(user)))
                .map(this::decode)
                .defaultIfEmpty(Optional.empty());
    }

    public String key(String user) {
        return prefix + user;
    }

    /** @param stored the value under {@link #key}, {@code null} when there is none */
    public Optional<Preferences> decode(String stored) {
        return Optional.ofNullable(stored).map(value -> json.readValue(value, Preferences.class));
    }

    Mono<Void> save(String user, Preferences preferences) {
        return redis.execute(commands -> commands.set(key(user), json.writeValueAsString(preferences)))
                .then();
    }

    /** @return whether there were preferences */
    Mono<Boolean> delete(String user) {
        return redis.execute(commands -> commands.del(key(user))).map(count -> count > 0);
    }
}
