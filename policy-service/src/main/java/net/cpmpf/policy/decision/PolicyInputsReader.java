package net.cpmpf.policy.decision;

import io.lettuce.core.KeyValue;
import java.util.List;
import net.cpmpf.platform.redis.RedisConnector;
import net.cpmpf.policy.access.AccessPolicyStore;
import net.cpmpf.policy.preferences.Preferences;
import net.cpmpf.policy.preferences.PreferencesStore;
import net.cpmpf.policy.servicepolicy.ServicePolicyStore;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Reads a decision's inputs in one {@code MGET}: three sequential reads per message were three round trips on the
 * SIP transaction's clock and three commands through the one Redis connection. The stores keep their keys and
 * formats; this only batches the read.
 */
@Component
class PolicyInputsReader {

    private final RedisConnector redis;
    private final AccessPolicyStore access;
    private final PreferencesStore preferences;
    private final ServicePolicyStore servicePolicy;

    PolicyInputsReader(
            RedisConnector redis,
            AccessPolicyStore access,
            PreferencesStore preferences,
            ServicePolicyStore servicePolicy) {
        this.redis = redis;
        this.access = access;
        this.preferences = preferences;
        this.servicePolicy = servicePolicy;
    }

    Mono<PolicyInputs> read(String user) {
        return redis.execute(commands -> commands.mget(access.key(user), preferences.key(user), servicePolicy.key())
                        .collectList())
                .map(values -> new PolicyInputs(
                        access.decode(value(values, 0)),
                        preferences.decode(value(values, 1)).orElse(Preferences.DEFAULTS),
                        servicePolicy.decode(value(values, 2))));
    }

    private static String value(List<KeyValue<String, String>> values, int index) {
        var entry = values.get(index);
        return entry.hasValue() ? entry.getValue() : null;
    }
}
