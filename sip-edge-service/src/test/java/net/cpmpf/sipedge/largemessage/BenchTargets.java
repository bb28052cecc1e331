package net.cpmpf.sipedge.largemessage;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sip.message.Response;
import net.cpmpf.events.EventCodec;
import net.cpmpf.events.ForkCommand;
import net.cpmpf.events.ForkTarget;
import net.cpmpf.events.InboundMessage;
import net.cpmpf.events.Topics;
import net.cpmpf.msrp.MsrpUri;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * How the benchmark reaches a receiver: {@code direct} (the sender connects to the receiver), {@code kamailio} (both
 * through Kamailio's msrp relay, the receiver bound to it with AUTH) or {@code edge} (a Large Message Mode session
 * through the PF: INVITE via the edge's SIP port, this process playing policy and delivery on the broker, then MSRP
 * through the edge's relay). Each {@link Leg} is one sender and one receiver, ready to send.
 */
final class BenchTargets implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(30);
    private static final EventCodec CODEC = new EventCodec();
    private static final List<String> LARGE_MESSAGE =
            List.of("Accept-Contact: *;+g.oma.sip-im.large-message", "Session-Expires: 1800;refresher=uac");

    /** One transfer's two ends and the sender's To-Path; {@code close} ends the session. */
    record Leg(BenchOriginator sender, MsrpTestPeer receiver, List<MsrpUri> toPath, AutoCloseable session) {}

    private final EventLoopGroup senders;
    private final KamailioMsrpRelay kamailio;
    private final int edgeSipPort;
    private final String bootstrap;
    private final List<SipTestUa[]> pairs = new ArrayList<>();
    private final Map<String, String> clientByOriginator = new ConcurrentHashMap<>();
    /** The SDP answer each client UA gives to its next INVITE, by user. */
    private final Map<String, byte[]> answers = new ConcurrentHashMap<>();

    private KafkaProducer<String, byte[]> commands;
    private Thread policy;
    private volatile boolean running = true;

    BenchTargets(EventLoopGroup senders, KamailioMsrpRelay kamailio, int edgeSipPort, String bootstrap) {
        this.senders = senders;
        this.kamailio = kamailio;
        this.edgeSipPort = edgeSipPort;
        this.bootstrap = bootstrap;
    }

    Leg leg(String target, int index, byte[] content, int chunk, int window) throws Exception {
        var sender = new BenchOriginator(content, chunk, window);
        switch (target) {
            case "direct" -> {
                var receiver = MsrpTestPeer.listening();
                sender.connect(senders, receiver.uri);
                return new Leg(sender, receiver, List.of(receiver.uri), () -> {});
            }
            case "kamailio" -> {
                var receiver = MsrpTestPeer.connecting();
                receiver.connect(kamailio.uri());
                MsrpUri relay = kamailio.authenticate(receiver, "bench" + index, KamailioMsrpRelay.PASSWORD, WAIT);
                sender.connect(senders, kamailio.uri());
                return new Leg(sender, receiver, List.of(relay, receiver.uri), () -> {});
            }
            case "edge" -> {
                return edgeLeg(index, sender);
            }
            default -> throw new IllegalArgumentException("unknown target " + target);
        }
    }

    private Leg edgeLeg(int index, BenchOriginator sender) throws Exception {
        startPolicy();
        while (pairs.size() <= index) {
            int slot = pairs.size();
            var bob = new SipTestUa(
                    "bob" + slot, invite -> new SipTestUa.Answer(200, Duration.ZERO, answers.get("bob" + slot)));
            pairs.add(new SipTestUa[] {new SipTestUa("alice" + slot, invite -> null, edgeSipPort), bob});
        }
        SipTestUa alice = pairs.get(index)[0];
        SipTestUa bob = pairs.get(index)[1];
        var receiver = MsrpTestPeer.listening();
        answers.put("bob" + index, sdp(List.of(receiver.uri), "recvonly", "passive"));
        clientByOriginator.put(sender.uri.toString(), bob.uri());
        alice.invite("sip:bob@example.com", sdp(List.of(sender.uri), "sendonly", "active"), LARGE_MESSAGE);
        Response ok = alice.finalResponse(WAIT);
        if (ok.getStatusCode() != 200) {
            throw new IllegalStateException("edge answered the INVITE " + ok.getStatusCode());
        }
        alice.ack(ok);
        String line = SipTestUa.body(ok)
                .lines()
                .filter(l -> l.startsWith("a=path:"))
                .findFirst()
                .orElseThrow();
        List<MsrpUri> path = MsrpUri.parsePath(line.substring(7));
        sender.connect(senders, path.get(0));
        return new Leg(sender, receiver, path, () -> {
            alice.bye();
            alice.finalResponse(WAIT);
        });
    }

    /** Plays policy and delivery: every large-message INVITE is forked to the client its originator URI names. */
    private synchronized void startPolicy() {
        if (policy != null) {
            return;
        }
        commands = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        var inbound = new KafkaConsumer<String, byte[]>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
        var partitions = inbound.partitionsFor(Topics.INBOUND_MESSAGES).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        inbound.assign(partitions);
        inbound.seekToEnd(partitions);
        partitions.forEach(inbound::position);
        policy = new Thread(
                () -> {
                    try (inbound) {
                        while (running) {
                            for (var record : inbound.poll(Duration.ofMillis(100))) {
                                fork((InboundMessage) CODEC.decode(record.value()));
                            }
                        }
                    }
                },
                "bench-policy");
        policy.setDaemon(true);
        policy.start();
    }

    private void fork(InboundMessage message) {
        String offer = new String(message.body(), UTF_8);
        clientByOriginator.forEach((originator, client) -> {
            if (offer.contains(originator)) {
                var command = new ForkCommand(
                        message.correlationId(),
                        List.of(new ForkTarget(client, "urn:uuid:" + client.hashCode())),
                        null,
                        "sip:alice@example.com",
                        false);
                commands.send(new ProducerRecord<>(
                        message.replyTo().topic(),
                        message.replyTo().partition(),
                        message.recipient(),
                        CODEC.encode(command)));
            }
        });
    }

    private static byte[] sdp(List<MsrpUri> path, String direction, String setup) {
        return ("v=0\r\no=bench 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                        + "m=message " + path.get(0).port() + " TCP/MSRP *\r\n"
                        + "a=accept-types:message/cpim\r\n"
                        + "a=path:" + MsrpUri.formatPath(path) + "\r\n"
                        + "a=" + direction + "\r\n"
                        + "a=setup:" + setup + "\r\n")
                .getBytes(UTF_8);
    }

    @Override
    public void close() throws Exception {
        running = false;
        if (policy != null) {
            policy.join(2000);
            commands.close();
        }
        for (SipTestUa[] pair : pairs) {
            pair[0].close();
            pair[1].close();
        }
    }
}
