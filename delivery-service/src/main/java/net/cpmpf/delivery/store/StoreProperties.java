package net.cpmpf.delivery.store;

import java.time.Duration;
import net.cpmpf.events.CpmAddress;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The user's CPM message store ({@code cpm.delivery.store.*}): an IMAP4rev1 server, GreenMail in the local stack,
 * Dovecot or similar in production.
 *
 * <p>The PF logs in to each user's store as that user, with one shared secret: GreenMail accepts any password it was
 * given for the user, and a production server is set up so that the PF may act for every user, e.g. Dovecot master
 * users ({@code master-user}) or a static password database for the PF's own host. The default password only suits
 * the local GreenMail: production must set {@code cpm.delivery.store.password} from a secret.
 *
 * @param host the IMAP server
 * @param port its port; 3143 is the local stack's GreenMail
 * @param ssl implicit TLS (IMAPS) with the server's certificate and host name checked
 * @param usernameTemplate the login name of a user; {@code {user}} stands for the CPM address without its scheme
 *     ({@code sip:bob@example.com} → {@code bob@example.com}, {@code tel:+4711} → {@code +4711})
 * @param password the shared password (of the master user, if one is set)
 * @param masterUser a Dovecot master user: when set, the PF logs in as {@code <user>*<master-user>} with the
 *     master's password (Dovecot's default {@code auth_master_user_separator})
 * @param storeFolder where the {@code store} preference puts messages
 * @param historyFolder parent of one folder per conversation, for conversation history
 * @param defaultConversation the history sub-folder of messages without a {@code Conversation-ID}
 * @param deferredFolder where the content of deferred large messages waits for later delivery (one message each,
 *     Message-ID from the Message-URI-ID, content base64 so it comes back byte-exact)
 * @param connectTimeout longest wait for the TCP (and TLS) connection
 * @param readTimeout longest wait for any one server response, the greeting included
 * @param writeTimeout longest wait for one write to the server
 * @param breaker when to stop trying a server that keeps failing
 */
@ConfigurationProperties("cpm.delivery.store")
public record StoreProperties(
        @DefaultValue("127.0.0.1") String host,
        @DefaultValue("3143") int port,
        @DefaultValue("false") boolean ssl,
        @DefaultValue(USER) String usernameTemplate,
        @DefaultValue("cpm") String password,
        @DefaultValue("") String masterUser,
        @DefaultValue("INBOX") String storeFolder,
        @DefaultValue("History") String historyFolder,
        @DefaultValue("pager") String defaultConversation,
        @DefaultValue("Deferred") String deferredFolder,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("2s") Duration readTimeout,
        @DefaultValue("2s") Duration writeTimeout,
        @DefaultValue Breaker breaker) {

    private static final String USER = "{user}";

    public StoreProperties {
        requireText(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535: " + port);
        }
        requireText(usernameTemplate, "username-template");
        if (!usernameTemplate.contains(USER)) {
            // Without it every user would share one mailbox.
            throw new IllegalArgumentException("username-template must contain " + USER + ": " + usernameTemplate);
        }
        if (password == null) {
            throw new IllegalArgumentException("password must be set");
        }
        masterUser = masterUser == null ? "" : masterUser.strip();
        requireText(storeFolder, "store-folder");
        requireText(historyFolder, "history-folder");
        requireText(defaultConversation, "default-conversation");
        requireText(deferredFolder, "deferred-folder");
        requirePositive(connectTimeout, "connect-timeout");
        requirePositive(readTimeout, "read-timeout");
        requirePositive(writeTimeout, "write-timeout");
        if (breaker == null) {
            throw new IllegalArgumentException("breaker must be set");
        }
    }

    /** The IMAP login name for a user's CPM address. */
    public String username(String cpmAddress) {
        String normalized = CpmAddress.normalize(cpmAddress);
        String login = usernameTemplate.replace(USER, normalized.substring(normalized.indexOf(':') + 1));
        return masterUser.isEmpty() ? login : login + "*" + masterUser;
    }

    /** Where the server is: safe for logs and error messages. */
    public String address() {
        return host + ":" + port;
    }

    /** Keeps the password out of logs. */
    @Override
    public String toString() {
        return "StoreProperties[" + address() + (ssl ? " ssl" : "") + ", username-template=" + usernameTemplate
                + ", master-user=" + masterUser + ", store-folder=" + storeFolder + ", history-folder="
                + historyFolder + ", default-conversation=" + defaultConversation + ", deferred-folder="
                + deferredFolder + ", timeouts="
                + connectTimeout + "/" + readTimeout + "/" + writeTimeout + ", " + breaker + "]";
    }

    /**
     * Circuit breaker around the IMAP server (Resilience4j): while open, every call fails at once with {@link
     * MessageStoreUnavailableException} instead of waiting for timeouts.
     *
     * @param failureRateThreshold percentage of failed calls in the window that opens the circuit
     * @param slidingWindowSize calls the failure rate is computed over
     * @param minimumCalls calls needed before the rate counts
     * @param openFor how long the circuit stays open before it lets trial calls through
     */
    public record Breaker(
            @DefaultValue("50") float failureRateThreshold,
            @DefaultValue("10") int slidingWindowSize,
            @DefaultValue("5") int minimumCalls,
            @DefaultValue("10s") Duration openFor) {

        public Breaker {
            if (!(failureRateThreshold > 0 && failureRateThreshold <= 100)) {
                throw new IllegalArgumentException(
                        "breaker.failure-rate-threshold must be in (0, 100]: " + failureRateThreshold);
            }
            if (slidingWindowSize < 1) {
                throw new IllegalArgumentException("breaker.sliding-window-size must be >= 1: " + slidingWindowSize);
            }
            if (minimumCalls < 1) {
                throw new IllegalArgumentException("breaker.minimum-calls must be >= 1: " + minimumCalls);
            }
            requirePositive(openFor, "breaker.open-for");
        }
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration == null || duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive: " + duration);
        }
    }
}
