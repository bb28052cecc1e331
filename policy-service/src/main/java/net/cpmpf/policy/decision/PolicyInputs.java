package net.cpmpf.policy.decision;

import java.util.Optional;
import net.cpmpf.policy.preferences.Preferences;
import net.cpmpf.policy.servicepolicy.ServicePolicy;

/**
 * Everything one decision reads from the store.
 *
 * @param accessPolicy the recipient's access policy document, if provisioned
 * @param preferences the recipient's preferences, or the defaults
 * @param servicePolicy the service provider's policy, or the defaults
 */
record PolicyInputs(Optional<byte[]> accessPolicy, Preferences preferences, ServicePolicy servicePolicy) {}
