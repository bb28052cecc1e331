package net.cpmpf.policy.servicepolicy;

import net.cpmpf.platform.redis.RedisConnector;
import net.cpmpf.policy.system.PolicyProperties;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** The one service-provider policy, as JSON in Redis; the defaults apply until one is provisioned. */
@Component
public class ServicePolicyStore {

    private final RedisConnector redis;
    private final JsonMapper json;
    private final String key;

    ServicePolicyStore(RedisConnector redis, JsonMapper json, PolicyProperties properties) {
        this.redis = redis;
        this.json = json;
        this.key = properties.redis().keyPrefix() + "policy:service";
    }

    public Mono<ServicePolicy> current() {
        return redis.execute(commands -> commands.get(key)).map(this::decode).defaultIfEmpty(ServicePolicy.DEFAULTS);
    }

    public String key() {
        return key;
    }

    /** @param stored the value under {@link #key()}, {@code null} when none was provisioned (the defaults apply) */
    public ServicePolicy decode(String stored) {
        return stored == null ? ServicePolicy.DEFAULTS : json.readValue(stored, ServicePolicy.class);
    }

    Mono<Void> save(ServicePolicy policy) {
        return redis.execute(commands -> commands.set(key, json.writeValueAsString(policy)))
                .then();
    }
}
