package net.cpmpf.delivery.system;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import net.cpmpf.events.ClientSelection;
import net.cpmpf.events.LargeMessageFeature;
import net.cpmpf.platform.redis.RedisSettings;
import net.cpmpf.platform.selection.SelectionSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything the delivery service can be told ({@code cpm.delivery.*}).
 *
 * @param redis where the registration/GRUU cache lives and how long a call to it may take; {@code
 *     delivery-service.yml} builds its URI from Spring Boot's {@code spring.data.redis.host}/{@code port} when those
 *     are given, as the local stack does
 * @param registrations limits on what the cache keeps per user
 * @param selection which registered clients get a Pager Mode message
 * @param interworking where messages for users who prefer interworking go
 * @param largeMessage which clients get a Large Message Mode INVITE, and the answer when none is registered
 * @param storeUnavailableRetryAfter the Retry-After of the 503 a {@code store} message gets while the message store
 *     cannot be reached
 */
@ConfigurationProperties("cpm.delivery")
public record DeliveryProperties(
        @DefaultValue RedisSettings redis,
        @DefaultValue Registrations registrations,
        @DefaultValue SelectionSettings selection,
        @DefaultValue Interworking interworking,
        @DefaultValue("30s") Duration storeUnavailableRetryAfter,
        @DefaultValue LargeMessage largeMessage) {

    /**
     * Large Message Mode (CR 8.3.2.1.1 step 6).
     *
     * @param featureTags a client gets the INVITE when its Contact shows one of these (by default the OMA large-message
     *     tag or the 3GPP large-message ICSI); a client that shows none never does. With none registered the message
     *     is deferred: the edge receives it as the MSRP endpoint
     */
    public record LargeMessage(
            @DefaultValue({LargeMessageFeature.TAG, LargeMessageFeature.ICSI_TAG})
            List<String> featureTags) {

        public LargeMessage {
            if (featureTags == null || featureTags.isEmpty()) {
                throw new IllegalArgumentException("large-message.feature-tags must name at least one feature tag");
            }
            featureTags = List.copyOf(featureTags);
        }

        public ClientSelection toClientSelection() {
            return new ClientSelection(featureTags, true);
        }
    }

    /**
     * The interworking function (IWF/ISF) towards non-CPM services such as SMS (CR 8.3.2.1 step 4).
     *
     * @param uri its SIP URI; the edge sends the message there and relays the answer
     */
    public record Interworking(
            @DefaultValue("sip:iwf@127.0.0.1:5080") String uri) {

        public Interworking {
            if (!uri.startsWith("sip:") && !uri.startsWith("sips:")) {
                throw new IllegalArgumentException("interworking.uri must be a SIP URI: " + uri);
            }
        }
    }

    /**
     * @param maxContacts most contacts kept per user; beyond it the ones expiring last (the freshest) are kept, as a
     *     registrar with a contact limit would
     * @param expiryGrace how long a user's entry outlives its last contact's expiry. During this time the entry still
     *     holds its source and version, so a late, older event cannot bring the registration back
     */
    public record Registrations(
            @DefaultValue("16") int maxContacts,
            @DefaultValue("30s") Duration expiryGrace) {

        public Registrations {
            if (maxContacts < 1) {
                throw new IllegalArgumentException("max-contacts must be >= 1: " + maxContacts);
            }
            Objects.requireNonNull(expiryGrace, "expiry-grace");
            if (expiryGrace.isNegative()) {
                throw new IllegalArgumentException("expiry-grace must not be negative: " + expiryGrace);
            }
        }
    }
}
