package net.cpmpf.delivery.store;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.HeaderTerm;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.angus.mail.iap.BadCommandException;
import org.eclipse.angus.mail.iap.CommandFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes to the user's CPM message store over IMAP, logged in as that user: the {@code store} preference and
 * conversation history. Every call either stores the message or throws; what a failure means is the caller's choice.
 *
 * <p>Each operation opens its own connection and closes it: simple, and cheap next to a SIP transaction at the
 * expected rates. A pool per user is the optimisation to make when that changes. Each network step is bounded by the
 * configured timeouts, so one operation takes at most a few of them (connect, greeting, login, LIST, CREATE, APPEND);
 * a circuit breaker makes calls fail at once while the server keeps failing.
 */
public class MessageStore implements AutoCloseable {

    static final String METRIC = "cpm.delivery.store.appends";

    private static final Logger log = LoggerFactory.getLogger(MessageStore.class);

    private final StoreProperties properties;
    private final ScheduledExecutorService writeTimeouts;
    private final Session session;
    private final CircuitBreaker breaker;
    private final Appends storeAppends;
    private final Appends historyAppends;

    public MessageStore(StoreProperties properties, MeterRegistry meters) {
        this.properties = properties;
        // Angus Mail enforces write timeouts with a scheduler; without one it starts a thread per connection.
        this.writeTimeouts = Executors.newSingleThreadScheduledExecutor(runnable -> {
            var thread = new Thread(runnable, "imap-write-timeout");
            thread.setDaemon(true);
            return thread;
        });
        this.session = Session.getInstance(sessionProperties(properties, writeTimeouts));
        this.breaker = breaker(properties.breaker());
        this.storeAppends = Appends.register(meters, "store");
        this.historyAppends = Appends.register(meters, "history");
    }

    /** The user's {@code store} preference: APPEND to the store folder. */
    public void store(StoredMessage message) {
        append(storeAppends, message, properties.storeFolder(), null);
    }

    /** Conversation history: APPEND to {@code <history-folder>/<Conversation-ID>}. */
    public void recordHistory(StoredMessage message) {
        String conversation = message.header("Conversation-ID")
                .map(FolderNames::segment)
                .filter(name -> !name.isEmpty())
                .orElseGet(() -> FolderNames.segment(properties.defaultConversation()));
        append(historyAppends, message, properties.historyFolder(), conversation);
    }

    /**
     * Runs {@code work} on one folder of a user's store (created when missing, opened read-write, expunged on close),
     * under the same breaker and timeouts as the appends.
     *
     * @throws MessageStoreUnavailableException when the server cannot be reached or keeps failing
     * @throws MessageStoreRejectedException when the server refuses the operation (NO/BAD)
     */
    <T> T inFolder(String user, String folderName, FolderWork<T> work) {
        String username = properties.username(user);
        try {
            return breaker.executeCheckedSupplier(() -> inFolderOnce(username, folderName, work));
        } catch (CallNotPermittedException | MessagingException e) {
            throw new MessageStoreUnavailableException(properties.address(), e);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("unexpected checked exception", e);
        }
    }

    private <T> T inFolderOnce(String username, String folderName, FolderWork<T> work) throws MessagingException {
        Store store = session.getStore("imap");
        try {
            store.connect(properties.host(), properties.port(), username, properties.password());
            Folder folder = existing(store.getFolder(folderName), Folder.HOLDS_MESSAGES);
            folder.open(Folder.READ_WRITE);
            try {
                return work.apply(session, folder);
            } catch (MessagingException e) {
                if (refused(e)) {
                    throw new MessageStoreRejectedException(
                            "IMAP server refused an operation for " + username + ": " + e.getMessage(), e);
                }
                throw e;
            } finally {
                if (folder.isOpen()) {
                    folder.close(true);
                }
            }
        } finally {
            close(store);
        }
    }

    /** Work on an open folder. */
    @FunctionalInterface
    interface FolderWork<T> {
        T apply(Session session, Folder folder) throws MessagingException;
    }

    CircuitBreaker.State breakerState() {
        return breaker.getState();
    }

    private void append(Appends appends, StoredMessage message, String folder, String subFolder) {
        String username = properties.username(message.user());
        byte[] raw = StoredMessageFormat.format(message);
        String messageId = StoredMessageFormat.messageId(message);
        boolean ok = false;
        try {
            breaker.executeCheckedRunnable(() -> appendOnce(username, raw, messageId, folder, subFolder));
            ok = true;
        } catch (CallNotPermittedException | MessagingException e) {
            throw new MessageStoreUnavailableException(properties.address(), e);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("unexpected checked exception", e);
        } finally {
            appends.count(ok);
        }
    }

    /**
     * Appends unless the folder has a message with this Message-ID: a record consumed again after a crash, or the
     * same message received again by a restarted edge, is stored once (consumers are idempotent, DESIGN invariant 2).
     */
    private void appendOnce(String username, byte[] raw, String messageId, String folderName, String subFolder)
            throws MessagingException {
        Store store = session.getStore("imap");
        try {
            store.connect(properties.host(), properties.port(), username, properties.password());
            try {
                Folder folder = existing(store.getFolder(folderName), Folder.HOLDS_MESSAGES | Folder.HOLDS_FOLDERS);
                if (subFolder != null) {
                    folder = existing(folder.getFolder(subFolder), Folder.HOLDS_MESSAGES);
                }
                if (!holds(folder, messageId)) {
                    folder.appendMessages(new Message[] {new MimeMessage(session, new ByteArrayInputStream(raw))});
                }
            } catch (MessagingException e) {
                if (refused(e)) {
                    throw new MessageStoreRejectedException(
                            "IMAP server refused the message for " + username + ": " + e.getMessage(), e);
                }
                throw e;
            }
        } finally {
            close(store);
        }
    }

    private static boolean holds(Folder folder, String messageId) throws MessagingException {
        folder.open(Folder.READ_ONLY);
        try {
            return folder.search(new HeaderTerm("Message-ID", messageId)).length > 0;
        } finally {
            folder.close(false);
        }
    }

    /** The folder, created when missing. Another writer may create it at the same moment: that is fine too. */
    private static Folder existing(Folder folder, int type) throws MessagingException {
        if (!folder.exists() && !folder.create(type) && !folder.exists()) {
            throw new MessageStoreRejectedException("IMAP server did not create folder " + folder.getFullName(), null);
        }
        return folder;
    }

    /** A NO or BAD answer comes from a server that works; it is about this message or folder. */
    private static boolean refused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CommandFailedException || t instanceof BadCommandException) {
                return true;
            }
        }
        return false;
    }

    private static void close(Store store) {
        try {
            store.close();
        } catch (MessagingException e) {
            // The outcome is already decided; a failed LOGOUT changes nothing about it.
            log.debug("closing the IMAP connection failed", e);
        }
    }

    private CircuitBreaker breaker(StoreProperties.Breaker settings) {
        var config = CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.failureRateThreshold())
                .slidingWindowSize(settings.slidingWindowSize())
                .minimumNumberOfCalls(settings.minimumCalls())
                .waitDurationInOpenState(settings.openFor())
                // A server that refuses one message is up: that is a success as far as the breaker is concerned.
                .recordException(e -> !(e instanceof MessageStoreRejectedException))
                .build();
        var breaker = CircuitBreaker.of("message-store", config);
        breaker.getEventPublisher()
                .onStateTransition(event -> log.warn(
                        "message store {}: circuit breaker {}", properties.address(), event.getStateTransition()));
        return breaker;
    }

    static Properties sessionProperties(StoreProperties properties, ScheduledExecutorService writeTimeouts) {
        var session = new Properties();
        session.setProperty("mail.imap.connectiontimeout", millis(properties.connectTimeout()));
        session.setProperty("mail.imap.timeout", millis(properties.readTimeout()));
        session.setProperty("mail.imap.writetimeout", millis(properties.writeTimeout()));
        session.put("mail.imap.executor.writetimeout", writeTimeouts);
        session.setProperty("mail.imap.ssl.enable", String.valueOf(properties.ssl()));
        session.setProperty("mail.imap.ssl.checkserveridentity", "true");
        // A deferred large message's content is read whole (it leaves in one record), so in one FETCH: with Angus
        // Mail's default partial fetches of 16 KB, reading 5 MB (6.8 MB in base64) from GreenMail took ~24 s, one
        // FETCH takes under a second (LargeMessageIT).
        session.setProperty("mail.imap.partialfetch", "false");
        return session;
    }

    private static String millis(Duration duration) {
        return String.valueOf(duration.toMillis());
    }

    /** {@value #METRIC} of one kind of append, by outcome. */
    private record Appends(Counter ok, Counter failed) {

        static Appends register(MeterRegistry meters, String kind) {
            return new Appends(counter(meters, kind, "ok"), counter(meters, kind, "failed"));
        }

        private static Counter counter(MeterRegistry meters, String kind, String outcome) {
            return Counter.builder(METRIC)
                    .description("Messages appended to users' CPM message stores")
                    .tag("kind", kind)
                    .tag("outcome", outcome)
                    .register(meters);
        }

        void count(boolean success) {
            (success ? ok : failed).increment();
        }
    }

    @Override
    public void close() {
        writeTimeouts.shutdownNow();
    }
}
