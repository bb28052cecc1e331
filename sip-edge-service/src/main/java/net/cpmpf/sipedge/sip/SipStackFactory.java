package net.cpmpf.sipedge.sip;

import gov.nist.javax.sip.ListeningPointImpl;
import gov.nist.javax.sip.RequestEventExt;
import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.TransactionExt;
import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.CSeq;
import gov.nist.javax.sip.header.CallID;
import gov.nist.javax.sip.header.ContentLength;
import gov.nist.javax.sip.header.From;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.header.RequestLine;
import gov.nist.javax.sip.header.StatusLine;
import gov.nist.javax.sip.header.To;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.MessageFactoryImpl;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.MessageParserFactory;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.StringMsgParserFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import javax.sip.PeerUnavailableException;
import javax.sip.RequestEvent;
import javax.sip.SipStack;
import javax.sip.Transaction;
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ServerHeader;
import javax.sip.message.MessageFactory;
import net.cpmpf.sipedge.system.EdgeProperties;

/**
 * Builds the JAIN-SIP reference implementation's objects: the one class that names the implementation
 * ({@code gov.nist}). Stacks are constructed directly instead of through {@code SipFactory}, whose singleton keeps
 * every stack it ever made in a static table; so endpoints can be started and stopped repeatedly in one JVM.
 */
public final class SipStackFactory {

    /** RI property: worker threads per transport; {@link CompactUdpProcessor} reads it too. */
    static final String THREAD_POOL_SIZE = "gov.nist.javax.sip.THREAD_POOL_SIZE";

    private static final AtomicInteger STACKS = new AtomicInteger();

    private SipStackFactory() {}

    /** The RI's configuration for one edge; property names are the RI's own (see {@code SipStackImpl}). */
    public static Properties properties(EdgeProperties.Sip sip) {
        Properties p = new Properties();
        // The stack name is also the log category of the RI's LogWriter; unique so that stacks never share one.
        p.setProperty("javax.sip.STACK_NAME", "cpm-edge-" + STACKS.incrementAndGet());
        // Transactions only: the B2BUA will own dialogs, and stray CANCEL/ACK must reach our listener.
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
        // Several transactions in the listener at once, on a bounded pool created with the stack.
        p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        p.setProperty(THREAD_POOL_SIZE, Integer.toString(sip.threads()));
        // Our bounded queue replaces the RI's (CompactUdpProcessor); the RI's auditor of its own queue is not needed.
        p.setProperty("gov.nist.javax.sip.CONGESTION_CONTROL_TIMEOUT", "0");
        p.setProperty(
                CompactUdpProcessor.QUEUE_DATAGRAMS,
                Integer.toString(sip.udpQueue().datagrams()));
        p.setProperty(
                CompactUdpProcessor.QUEUE_BYTES,
                Long.toString(sip.udpQueue().bytes().toBytes()));
        p.setProperty(
                CompactUdpProcessor.QUEUE_DELAY,
                Long.toString(sip.udpQueue().maxDelay().toMillis()));
        p.setProperty(
                CompactUdpProcessor.SOCKET_BUFFER,
                Long.toString(sip.udpQueue().socketBuffer().toBytes()));
        // One TCP connection may carry many transactions (an S-CSCF multiplexes); parse them off its reader thread.
        p.setProperty("gov.nist.javax.sip.TCP_POST_PARSING_THREAD_POOL_SIZE", Integer.toString(sip.threads()));
        // The RI enforces at least 4096; it answers 413 or closes the connection above it.
        p.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", Integer.toString(sip.maxMessageSize()));
        // NIO: responses go back on the connection the request came in on, and idle connections are reaped.
        p.setProperty("gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY", GuardedNioProcessorFactory.class.getName());
        // The RI's MAX_CONNECTIONS and READ_TIMEOUT only guard its blocking TCP transport: ours guards NIO.
        p.setProperty(GuardedNioProcessorFactory.MAX_CONNECTIONS, Integer.toString(sip.maxTcpConnections()));
        p.setProperty(
                GuardedNioProcessorFactory.MESSAGE_TIMEOUT,
                Long.toString(sip.tcpMessageTimeout().toMillis()));
        p.setProperty(
                "gov.nist.javax.sip.NIO_MAX_SOCKET_IDLE_TIME",
                Long.toString(sip.tcpIdleTimeout().toMillis()));
        // No MAX_SERVER_TRANSACTIONS: this RI reads it but keeps its table unlimited all the same. The limit is kept by
        // UdpTransactions, which hold the transactions that outlive their answer (non-INVITE over UDP).
        // A completed transaction drops its parsed request and response and keeps the bytes of its last response: it
        // still answers retransmissions for Timer J's 32 s, with a third of the memory. Not "Normal", which also keeps
        // the request's bytes and parses them once more when the transaction ends (4 % of the stack's CPU at
        // 1,000/s): nothing here reads a transaction's request after the request event.
        p.setProperty("gov.nist.javax.sip.RELEASE_REFERENCES_STRATEGY", "Aggressive");
        // Off: it would also replace every branch we set with one signed by this JVM, and a fork sent again after an
        // edge restart must carry the branch of the first copy. Stray responses still go nowhere: the client drops
        // those without a transaction (RFC 3261 §8.1.3.1).
        p.setProperty("gov.nist.javax.sip.REJECT_STRAY_RESPONSES", "false");
        // The RI's request-line parser turns any version into SIP/2.0; this keeps it, so the stack answers 505.
        p.setProperty("gov.nist.javax.sip.MESSAGE_PARSER_FACTORY", VersionKeepingParsers.class.getName());
        p.setProperty(VersionKeepingParsers.MAX_HEADERS, Integer.toString(sip.maxHeaders()));
        // Levels come from the logging system (log4j 1 API bridged to SLF4J): no files, no stdout.
        p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "LOG4J");
        p.setProperty("gov.nist.javax.sip.LOG4J_LOGGER_NAME", "gov.nist.javax.sip.stack");
        p.setProperty("gov.nist.javax.sip.LOG_MESSAGE_CONTENT", "false");
        if (sip.transports().stream().anyMatch("tls"::equalsIgnoreCase)) {
            tls(sip.tls(), p);
        }
        return p;
    }

    /** The RI reads the TLS material from the stack's own properties, so each edge can have its own. */
    private static void tls(EdgeProperties.Tls tls, Properties p) {
        if (blank(tls.keyStore()) || tls.keyStorePassword() == null) {
            throw new IllegalStateException(
                    "tls is among cpm.edge.sip.transports but cpm.edge.sip.tls.key-store and key-store-password are not set");
        }
        if (!Files.isReadable(Path.of(tls.keyStore()))) {
            throw new IllegalStateException("cpm.edge.sip.tls.key-store " + tls.keyStore() + " cannot be read");
        }
        p.setProperty("javax.net.ssl.keyStore", tls.keyStore());
        p.setProperty("javax.net.ssl.keyStorePassword", tls.keyStorePassword());
        p.setProperty("javax.net.ssl.keyStoreType", tls.keyStoreType());
        if (!blank(tls.trustStore())) {
            p.setProperty("javax.net.ssl.trustStore", tls.trustStore());
            p.setProperty("javax.net.ssl.trustStoreType", tls.keyStoreType());
            if (tls.trustStorePassword() != null) {
                p.setProperty("javax.net.ssl.trustStorePassword", tls.trustStorePassword());
            }
        }
        p.setProperty(
                "gov.nist.javax.sip.TLS_CLIENT_AUTH_TYPE",
                switch (tls.clientAuth()) {
                    case "need" -> "Enabled";
                    case "want" -> "Want";
                    default -> "Disabled";
                });
        p.setProperty("gov.nist.javax.sip.TLS_CLIENT_PROTOCOLS", String.join(",", tls.protocols()));
        p.setProperty("gov.nist.javax.sip.ENABLED_CIPHER_SUITES", String.join(",", tls.cipherSuites()));
        p.setProperty(
                "gov.nist.javax.sip.SSL_HANDSHAKE_TIMEOUT",
                Long.toString(tls.handshakeTimeout().toMillis()));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    public static SipStack createStack(Properties properties) throws PeerUnavailableException {
        try {
            return new SipStackImpl(properties);
        } catch (PeerUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PeerUnavailableException("SIP stack configuration refused: " + e.getMessage(), e);
        }
    }

    /**
     * A message factory whose responses carry {@code server}. The RI keeps this header in a static field and also
     * puts it on the responses it sends by itself (400, 413, 505, 503), so one value holds per JVM.
     */
    public static MessageFactory messageFactory(String server) throws ParseException {
        MessageFactoryImpl factory = new MessageFactoryImpl();
        factory.setDefaultServerHeader((ServerHeader) new HeaderFactoryImpl().createHeader(ServerHeader.NAME, server));
        return factory;
    }

    /** The queue of the stack's UDP listening point, if it has one. */
    static Optional<ReceiveQueue> udpQueue(SipStack stack) {
        for (var points = stack.getListeningPoints(); points.hasNext(); ) {
            if (points.next() instanceof ListeningPointImpl point
                    && point.getMessageProcessor() instanceof CompactUdpProcessor udp) {
                return Optional.of(udp.queue());
            }
        }
        return Optional.empty();
    }

    /** Where the request came from on the wire (not its Via): the RI knows, the API does not say. */
    public static InetSocketAddress source(RequestEvent event) {
        if (event instanceof RequestEventExt ext && ext.getRemoteIpAddress() != null) {
            return new InetSocketAddress(ext.getRemoteIpAddress(), ext.getRemotePort());
        }
        return null;
    }

    /** The transport the transaction runs on, lower case ({@code udp}, {@code tcp}, {@code tls}). */
    public static String transport(Transaction transaction) {
        return transaction instanceof TransactionExt ext ? ext.getTransport().toLowerCase(Locale.ROOT) : "udp";
    }

    public static HeaderFactory headerFactory() {
        return new HeaderFactoryImpl();
    }

    public static AddressFactory addressFactory() {
        return new AddressFactoryImpl();
    }

    /**
     * The RI's parser, except that a request's SIP version survives parsing (the RI's channels answer 505 to a
     * request whose version is not SIP/2.0, but its request-line parser reports every version as SIP/2.0), a request
     * {@link WireScreen} refuses fails to parse, and a parse error carries a clean one-line message: the RI's
     * automatic 400 (UDP) uses it as its reason phrase.
     */
    public static final class VersionKeepingParsers implements MessageParserFactory {

        /** Stack property: most header fields in one request. */
        static final String MAX_HEADERS = "net.cpmpf.sip.MAX_HEADERS";

        private static final String SIP_2 = "SIP/2.0";

        /** Headers without which no response can be built: a broken one fails the whole message. */
        private static final Set<Class<?>> ESSENTIAL = Set.of(
                From.class,
                To.class,
                CSeq.class,
                Via.class,
                CallID.class,
                ContentLength.class,
                RequestLine.class,
                StatusLine.class);

        /**
         * What the RI's UDP channel does with a header that does not parse, for its NIO TCP path, which passes no
         * listener and so drops even a broken CSeq or From silently: fail on an essential one, keep any other aside
         * as unparsed (where {@link WireScreen} looks).
         */
        private static final ParseExceptionListener LIKE_UDP = (error, message, headerClass, header, text) -> {
            if (headerClass != null && ESSENTIAL.contains(headerClass)) {
                throw error;
            }
            message.addUnparsed(header);
        };

        @Override
        public MessageParser createMessageParser(SIPTransactionStack stack) {
            MessageParser parser = new StringMsgParserFactory().createMessageParser(stack);
            int maxHeaders = Integer.parseInt(
                    ((SipStackImpl) stack).getConfigurationProperties().getProperty(MAX_HEADERS, "256"));
            // Set when this parser belongs to an inbound TCP connection: the RI drops what does not parse there.
            BiConsumer<byte[], String> tcpRefusal = GuardedNioProcessorFactory.refusalForChannelBeingBuilt();
            return (bytes, readBody, strict, listener) -> {
                try {
                    return parse(parser, bytes, readBody, strict, listener == null ? LIKE_UDP : listener, maxHeaders);
                } catch (ParseException e) {
                    if (listener == null && tcpRefusal != null) { // the NIO TCP path passes no listener
                        tcpRefusal.accept(bytes, e.getMessage());
                    }
                    throw e;
                }
            };
        }

        private static SIPMessage parse(
                MessageParser parser,
                byte[] bytes,
                boolean readBody,
                boolean strict,
                ParseExceptionListener listener,
                int maxHeaders)
                throws ParseException {
            SIPMessage message;
            try {
                message = parser.parseSIPMessage(bytes, readBody, strict, listener);
            } catch (ParseException e) {
                throw new ParseException(WireScreen.reason(e.getMessage()), e.getErrorOffset());
            }
            if (message instanceof SIPRequest request) {
                String head = WireScreen.head(bytes);
                String version = lastTokenOfFirstLine(head);
                if (!SIP_2.equalsIgnoreCase(version)) {
                    request.getRequestLine().setSipVersion(version);
                }
                Optional<String> problem = WireScreen.problem(head, request, unparsed(request), maxHeaders);
                if (problem.isPresent()) {
                    throw new ParseException(problem.get(), 0);
                }
            }
            return message;
        }

        private static List<String> unparsed(SIPMessage message) {
            List<String> lines = new ArrayList<>();
            message.getUnrecognizedHeaders().forEachRemaining(lines::add);
            return lines;
        }

        private static String lastTokenOfFirstLine(String head) {
            String text = head.stripLeading();
            int end = text.indexOf('\n');
            String line = (end < 0 ? text : text.substring(0, end)).strip();
            return line.substring(line.lastIndexOf(' ') + 1);
        }
    }
}
