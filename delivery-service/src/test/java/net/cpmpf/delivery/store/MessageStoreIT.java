package net.cpmpf.delivery.store;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import net.cpmpf.delivery.store.StoredMessage.Direction;
import net.cpmpf.events.SipHeader;
import net.cpmpf.platform.backbone.InfrastructureUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The store against a real IMAP server: GreenMail in this JVM, read back with Angus Mail. */
@Timeout(30) // a missing socket timeout shows as a failure, not a hung build
class MessageStoreIT {

    private static final String BOB = "sip:bob@example.com";
    private static final String LOGIN = "bob@example.com";
    private static final String PASSWORD = "shared-secret";
    private static final Instant AT = Instant.parse("2025-06-03T11:05:30Z");
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    private static final StoreProperties.Breaker LENIENT_BREAKER =
            new StoreProperties.Breaker(100, 100, 100, Duration.ofMinutes(1));

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private GreenMail imap;
    private int port;

    @BeforeEach
    void startImap() {
        imap = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort());
        imap.start();
        imap.setUser(LOGIN, LOGIN, PASSWORD);
        port = imap.getImap().getPort();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable resource : resources) {
            resource.close();
        }
        imap.stop();
    }

    @Test
    void storeAppendsTheFormattedMessageToTheInbox() throws Exception {
        var message = message(
                "text/plain;charset=UTF-8",
                "Hello Bob".getBytes(UTF_8),
                new SipHeader("Conversation-ID", "conv-1"),
                new SipHeader("IMDN-Message-ID", "Xs8Ahz5"));

        store(PASSWORD, LENIENT_BREAKER).store(message);

        var stored = read("INBOX");
        assertThat(stored).hasSize(1);
        var read = stored.get(0);
        assertThat(new String(read.raw(), UTF_8)).isEqualTo(new String(StoredMessageFormat.format(message), UTF_8));
        assertThat(read.header("From")).isEqualTo("<sip:alice@example.com>");
        assertThat(read.header("To")).isEqualTo("<sip:bob@example.com>");
        assertThat(read.header("Date")).isEqualTo("Tue, 3 Jun 2025 11:05:30 +0000");
        assertThat(read.header("Message-ID")).isEqualTo("<Xs8Ahz5@example.com>");
        assertThat(read.header("Message-Direction")).isEqualTo("received");
        assertThat(read.header("Message-Context")).isEqualTo("pager-message");
        assertThat(read.header("Conversation-ID")).isEqualTo("conv-1");
        assertThat(read.header("IMDN-Message-ID")).isEqualTo("Xs8Ahz5");
        assertThat(read.header("Content-Type")).isEqualTo("message/cpim");
        assertThat(read.message().getHeader("Subject")).isNull();
        assertThat(read.message().getHeader("Contribution-ID")).isNull();
        assertThat(new String(read.body(), UTF_8))
                .isEqualTo("From: <sip:alice@example.com>\r\n"
                        + "To: <sip:bob@example.com>\r\n"
                        + "DateTime: 2025-06-03T11:05:30Z\r\n"
                        + "\r\n"
                        + "Content-Type: text/plain;charset=UTF-8\r\n"
                        + "Content-Length: 9\r\n"
                        + "\r\n"
                        + "Hello Bob");
        assertThat(count("store", "ok")).isEqualTo(1);
    }

    @Test
    void binaryContentComesBackByteForByte() throws Exception {
        byte[] binary = new byte[2048];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) (i * 31);
        }

        store(PASSWORD, LENIENT_BREAKER).store(message("image/png", binary));

        byte[] body = read("INBOX").get(0).body();
        assertThat(new String(body, UTF_8))
                .contains("Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n");
        assertThat(Base64.getMimeDecoder().decode(CpimWrapperTest.contentOf(body)))
                .isEqualTo(binary);
    }

    @Test
    void utf8TextIsStoredAsItsOwnBytes() throws Exception {
        byte[] text = "Grüße 👋\r\nBis bald".getBytes(UTF_8);
        var message = message("text/plain;charset=UTF-8", text, new SipHeader("Subject", "Grüße"));

        store(PASSWORD, LENIENT_BREAKER).store(message);

        var read = read("INBOX").get(0);
        assertThat(read.raw()).isEqualTo(StoredMessageFormat.format(message));
        assertThat(read.message().getSubject()).isEqualTo("Grüße");
        assertThat(CpimWrapperTest.contentOf(read.body())).isEqualTo(text);
    }

    @Test
    void aMissingStoreFolderIsCreated() throws Exception {
        store(PASSWORD, LENIENT_BREAKER, "CPM Messages").store(message("text/plain", "Hi".getBytes(UTF_8)));

        assertThat(read("CPM Messages")).hasSize(1);
        assertThat(read("INBOX")).isEmpty();
    }

    @Test
    void historyGoesToTheConversationsFolder() throws Exception {
        var store = store(PASSWORD, LENIENT_BREAKER);
        store.recordHistory(message("text/plain", "one".getBytes(UTF_8), conversation("f81d4fae-7dec")));
        store.recordHistory(message("text/plain", "two".getBytes(UTF_8), conversation("f81d4fae-7dec")));
        store.recordHistory(message("text/plain", "other".getBytes(UTF_8), conversation("a.b/c*d")));

        assertThat(subFolders("History")).containsExactlyInAnyOrder("f81d4fae-7dec", "a_b_c_d");
        assertThat(read("History", "f81d4fae-7dec")).hasSize(2);
        assertThat(read("History", "a_b_c_d").get(0).header("Conversation-ID")).isEqualTo("a.b/c*d");
        assertThat(read("INBOX")).isEmpty();
        assertThat(count("history", "ok")).isEqualTo(3);
    }

    @Test
    void theSameMessageStoredAgainIsStoredOnce() throws Exception {
        var store = store(PASSWORD, LENIENT_BREAKER);
        var message = message("text/plain", "Hi".getBytes(UTF_8), conversation("c1"));
        // A record consumed again after a crash, and the same originator transaction received by a restarted edge
        // (another receive time, the same correlation id).
        var again = new StoredMessage(
                message.user(),
                message.sender(),
                message.receivedAt().plusSeconds(9),
                message.contentType(),
                message.body(),
                message.headers(),
                message.direction(),
                "corr-1");
        var first = new StoredMessage(
                message.user(),
                message.sender(),
                message.receivedAt(),
                message.contentType(),
                message.body(),
                message.headers(),
                message.direction(),
                "corr-1");
        var another = new StoredMessage(
                message.user(),
                message.sender(),
                message.receivedAt(),
                message.contentType(),
                message.body(),
                message.headers(),
                message.direction(),
                "corr-2");

        store.store(first);
        store.store(first);
        store.store(again);
        store.store(another);
        store.recordHistory(first);
        store.recordHistory(again);

        assertThat(read("INBOX"))
                .extracting(r -> r.header("Message-ID"))
                .containsExactlyInAnyOrder("<corr-1@example.com>", "<corr-2@example.com>");
        assertThat(read("History", "c1")).hasSize(1);
    }

    @Test
    void historyWithoutConversationIdGoesToTheDefaultFolder() throws Exception {
        store(PASSWORD, LENIENT_BREAKER).recordHistory(message("text/plain", "Hi".getBytes(UTF_8)));

        assertThat(subFolders("History")).containsExactly("pager");
        assertThat(read("History", "pager")).hasSize(1);
    }

    @Test
    void aStoppedServerMakesTheStoreUnavailableAtOnce() {
        var store = store(PASSWORD, LENIENT_BREAKER);
        imap.stop();

        long start = System.nanoTime();
        assertThatThrownBy(() -> store.store(message("text/plain", "Hi".getBytes(UTF_8))))
                .isInstanceOf(MessageStoreUnavailableException.class)
                .isInstanceOf(InfrastructureUnavailableException.class)
                .hasMessageContaining("127.0.0.1:" + port);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThatThrownBy(() -> store.recordHistory(message("text/plain", "Hi".getBytes(UTF_8))))
                .isInstanceOf(MessageStoreUnavailableException.class);
        assertThat(count("store", "failed")).isEqualTo(1);
        assertThat(count("history", "failed")).isEqualTo(1);
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        var silent = silentServer();
        var store = store(silent.port(), PASSWORD, LENIENT_BREAKER, "INBOX");

        long start = System.nanoTime();
        assertThatThrownBy(() -> store.store(message("text/plain", "Hi".getBytes(UTF_8))))
                .isInstanceOf(MessageStoreUnavailableException.class);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        assertThat(elapsed).isGreaterThanOrEqualTo(TIMEOUT.minusMillis(50)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void repeatedFailuresOpenTheBreakerAndLaterCallsFailWithoutConnecting() throws Exception {
        var silent = silentServer();
        var store =
                store(silent.port(), PASSWORD, new StoreProperties.Breaker(100, 2, 2, Duration.ofMinutes(1)), "INBOX");
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> store.store(message("text/plain", "Hi".getBytes(UTF_8))))
                    .isInstanceOf(MessageStoreUnavailableException.class)
                    .hasRootCauseInstanceOf(SocketTimeoutException.class);
        }
        await().atMost(Duration.ofSeconds(2)).until(() -> silent.accepted().size() == 2);
        assertThat(store.breakerState()).isEqualTo(CircuitBreaker.State.OPEN);

        long start = System.nanoTime();
        assertThatThrownBy(() -> store.recordHistory(message("text/plain", "Hi".getBytes(UTF_8))))
                .isInstanceOf(MessageStoreUnavailableException.class)
                .hasCauseInstanceOf(CallNotPermittedException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT);
        assertThat(silent.accepted()).hasSize(2);
        assertThat(count("history", "failed")).isEqualTo(1);
    }

    @Test
    void theBreakerLetsCallsThroughAgainOnceTheServerIsBack() throws Exception {
        var store = store(PASSWORD, new StoreProperties.Breaker(100, 2, 2, Duration.ofMillis(300)));
        imap.stop();
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> store.store(message("text/plain", "Hi".getBytes(UTF_8))))
                    .isInstanceOf(MessageStoreUnavailableException.class);
        }
        assertThat(store.breakerState()).isEqualTo(CircuitBreaker.State.OPEN);

        imap = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
        imap.start();
        imap.setUser(LOGIN, LOGIN, PASSWORD);
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .ignoreException(MessageStoreUnavailableException.class)
                .untilAsserted(() -> store.store(message("text/plain", "back".getBytes(UTF_8))));

        assertThat(read("INBOX")).hasSize(1);
    }

    @Test
    void aRefusedLoginMakesTheStoreUnavailable() {
        var store = store("wrong", LENIENT_BREAKER);

        assertThatThrownBy(() -> store.store(message("text/plain", "Hi".getBytes(UTF_8))))
                .isInstanceOf(MessageStoreUnavailableException.class)
                .hasCauseInstanceOf(AuthenticationFailedException.class);
        assertThat(count("store", "failed")).isEqualTo(1);
    }

    @Test
    void aServerThatRefusesTheFolderRejectsTheMessageWithoutOpeningTheBreaker() {
        // GreenMail answers NO to a LIST with a wildcard inside the name; Dovecot has rules of its own.
        var store = store(PASSWORD, new StoreProperties.Breaker(1, 2, 2, Duration.ofMinutes(1)), "Bad*Folder");

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> store.store(message("text/plain", "Hi".getBytes(UTF_8))))
                    .isInstanceOf(MessageStoreRejectedException.class)
                    .isNotInstanceOf(InfrastructureUnavailableException.class)
                    .hasMessageContaining("bob@example.com");
        }
        assertThat(store.breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(count("store", "failed")).isEqualTo(3);
    }

    private MessageStore store(String password, StoreProperties.Breaker breaker) {
        return store(password, breaker, "INBOX");
    }

    private MessageStore store(String password, StoreProperties.Breaker breaker, String storeFolder) {
        return store(port, password, breaker, storeFolder);
    }

    private MessageStore store(int port, String password, StoreProperties.Breaker breaker, String storeFolder) {
        var properties = new StoreProperties(
                "127.0.0.1",
                port,
                false,
                "{user}",
                password,
                "",
                storeFolder,
                "History",
                "pager",
                "Deferred",
                TIMEOUT,
                TIMEOUT,
                TIMEOUT,
                breaker);
        var store = new MessageStore(properties, meters);
        resources.add(store);
        return store;
    }

    private double count(String kind, String outcome) {
        return meters.get(MessageStore.METRIC)
                .tag("kind", kind)
                .tag("outcome", outcome)
                .counter()
                .count();
    }

    private static StoredMessage message(String contentType, byte[] body, SipHeader... headers) {
        return new StoredMessage(
                BOB, "sip:alice@example.com", AT, contentType, body, List.of(headers), Direction.RECEIVED, null);
    }

    private static SipHeader conversation(String id) {
        return new SipHeader("Conversation-ID", id);
    }

    /** A message as Bob's own IMAP client sees it. */
    record Read(byte[] raw, MimeMessage message) {

        Read(byte[] raw) throws MessagingException {
            this(raw, new MimeMessage(null, new ByteArrayInputStream(raw)));
        }

        byte[] body() {
            int start = new String(raw, ISO_8859_1).indexOf("\r\n\r\n") + 4;
            return Arrays.copyOfRange(raw, start, raw.length);
        }

        String header(String name) throws MessagingException {
            String[] values = message.getHeader(name);
            assertThat(values).as(name).hasSize(1);
            return values[0];
        }
    }

    private List<Read> read(String... path) throws Exception {
        try (Store store = bobsStore()) {
            Folder folder = store.getFolder(path[0]);
            for (int i = 1; i < path.length; i++) {
                folder = folder.getFolder(path[i]);
            }
            folder.open(Folder.READ_ONLY);
            try {
                var read = new ArrayList<Read>();
                for (var message : folder.getMessages()) {
                    // Header and text as stored (BODY[HEADER], BODY[TEXT]), not the server's ENVELOPE: a CPM
                    // address is not an RFC 5322 mailbox, and Angus Mail rejects the envelope made of it.
                    var raw = new ByteArrayOutputStream();
                    message.writeTo(raw);
                    read.add(new Read(raw.toByteArray()));
                }
                return read;
            } finally {
                folder.close(false);
            }
        }
    }

    private List<String> subFolders(String parent) throws Exception {
        try (Store store = bobsStore()) {
            return Arrays.stream(store.getFolder(parent).list())
                    .map(Folder::getName)
                    .toList();
        }
    }

    private Store bobsStore() throws MessagingException {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", port, LOGIN, PASSWORD);
        return store;
    }

    /** Accepts connections and never says a word: what a hung server looks like. */
    private Silent silentServer() throws IOException {
        var socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        var silent = new Silent(socket, new CopyOnWriteArrayList<>());
        var acceptor = new Thread(() -> {
            try {
                while (true) {
                    silent.accepted().add(socket.accept());
                }
            } catch (IOException e) {
                // closed at the end of the test
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        resources.add(silent);
        return silent;
    }

    record Silent(ServerSocket socket, List<Socket> accepted) implements AutoCloseable {

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : accepted) {
                s.close();
            }
        }
    }
}
