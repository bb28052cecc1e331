package net.cpmpf.local;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Pager Mode traffic through the whole stack before it says it is ready: the JIT compiles the message path while no
 * one waits for an answer, instead of under the first users' load (a cold JVM answered 300 MESSAGE/s with seconds of
 * delay and mass 503s for its first half minute; bench/RESULTS.md). Real SIP on real sockets: a few lab-mode devices
 * of users in the reserved domain {@value #DOMAIN} register, a closed loop keeps {@code inFlight} MESSAGEs to them
 * going through the edge, the policy and delivery services and back, the devices answer 200, and at the end they
 * unregister. What it leaves behind: the records on the topics, and the counts in the metrics.
 */
final class WarmUp {

    static final String DOMAIN = "warm-up.invalid";

    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration REGISTERED_TIMEOUT = Duration.ofSeconds(20);

    private final InetSocketAddress edge;
    private final String registrations;
    private final int users;
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong other = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final Map<String, Long> pending = new ConcurrentHashMap<>();
    private final BlockingQueue<String> registerAnswers = new ArrayBlockingQueue<>(1024);
    private final Semaphore permits;
    private volatile boolean backOff;

    /**
     * @param edge the edge's SIP address (UDP)
     * @param deliveryApi the delivery service's base URL, whose GRUU cache shows when a device is reachable
     */
    WarmUp(InetSocketAddress edge, String deliveryApi, int users, int inFlight) {
        this.edge = edge;
        this.registrations = deliveryApi + "/api/v1/users/sip%3A{user}%40" + DOMAIN + "/registrations";
        this.users = users;
        this.permits = new Semaphore(inFlight);
    }

    /** What the warm-up did: MESSAGEs answered 200, refused 503, answered otherwise, and left unanswered. */
    record Result(long sent, long ok, long refused, long other, long lost, Duration took) {}

    Result run(Duration duration) throws IOException, InterruptedException {
        long start = System.nanoTime();
        try (var device = new DatagramSocket(new InetSocketAddress(edge.getAddress(), 0));
                var originator = new DatagramSocket(new InetSocketAddress(edge.getAddress(), 0))) {
            String local = edge.getAddress().getHostAddress() + ":" + originator.getLocalPort();
            Thread deviceThread = reader(device, request -> answer(device, request), "cpm-warm-up-device");
            Thread originatorThread = reader(
                    originator,
                    response -> onResponse(new String(response.getData(), 0, response.getLength(), UTF_8)),
                    "cpm-warm-up-originator");
            try {
                register(originator, local, device.getLocalPort(), 600);
                awaitReachable();
                long sent = drive(originator, local, start + duration.toNanos());
                register(originator, local, device.getLocalPort(), 0);
                return new Result(
                        sent,
                        ok.get(),
                        refused.get(),
                        other.get(),
                        lost.get() + pending.size(),
                        Duration.ofNanos(System.nanoTime() - start));
            } finally {
                deviceThread.interrupt();
                originatorThread.interrupt();
            }
        }
    }

    /** Keeps {@code inFlight} MESSAGEs going until the deadline; a refusal (the stack is still cold) slows it down. */
    private long drive(DatagramSocket originator, String local, long deadline)
            throws IOException, InterruptedException {
        long n = 0;
        long lastExpiry = System.nanoTime();
        while (System.nanoTime() < deadline) {
            if (System.nanoTime() - lastExpiry > TimeUnit.MILLISECONDS.toNanos(200)) {
                lastExpiry = System.nanoTime();
                expire(lastExpiry);
            }
            if (backOff) {
                backOff = false;
                Thread.sleep(20);
            }
            if (!permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                continue;
            }
            n++;
            String callId = "warm-" + n + "@" + local;
            pending.put(callId, System.nanoTime());
            send(originator, WarmUpSip.message("warm-up-" + (n % users + 1), DOMAIN, local, n));
        }
        long drained = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
        while (!pending.isEmpty() && System.nanoTime() < drained) {
            Thread.sleep(20);
        }
        return n;
    }

    private void onResponse(String response) {
        int status = WarmUpSip.status(response);
        if (status < 200) {
            return;
        }
        String callId = WarmUpSip.header(response, "call-id").orElse("");
        if (callId.startsWith("warm-reg-")) {
            registerAnswers.offer(response);
            return;
        }
        if (pending.remove(callId) == null) {
            return; // answered after it was given up on
        }
        if (status == 200) {
            ok.incrementAndGet();
        } else if (status == 503) {
            refused.incrementAndGet();
            backOff = true;
        } else {
            other.incrementAndGet();
        }
        permits.release();
    }

    private void expire(long now) {
        pending.forEach((callId, sentAt) -> {
            if (now - sentAt > ANSWER_TIMEOUT.toNanos() && pending.remove(callId, sentAt)) {
                lost.incrementAndGet();
                permits.release();
            }
        });
    }

    /** Registers (or, with expires 0, unregisters) every warm-up user's device; each REGISTER is answered first. */
    private void register(DatagramSocket originator, String local, int devicePort, int expires)
            throws IOException, InterruptedException {
        for (int user = 1; user <= users; user++) {
            String instance = String.format("00000000-0000-1000-8000-%012d", 900_000_000L + user);
            long n = expires == 0 ? 1000 + user : user;
            send(originator, WarmUpSip.register("warm-up-" + user, DOMAIN, local, devicePort, instance, expires, n));
            String answer = registerAnswers.poll(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (answer == null || WarmUpSip.status(answer) != 200) {
                throw new IOException("the lab registrar did not take warm-up-" + user + ": "
                        + (answer == null
                                ? "no answer"
                                : answer.lines().findFirst().orElse("")));
            }
        }
    }

    /** Waits until the delivery service's GRUU cache has every device: before that a MESSAGE would be deferred. */
    private void awaitReachable() throws IOException, InterruptedException {
        var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + REGISTERED_TIMEOUT.toNanos();
        for (int user = 1; user <= users; user++) {
            var request = HttpRequest.newBuilder(URI.create(registrations.replace("{user}", "warm-up-" + user)))
                    .timeout(Duration.ofSeconds(2))
                    .build();
            while (!http.send(request, HttpResponse.BodyHandlers.ofString())
                    .body()
                    .contains("publicGruu")) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("warm-up-" + user + " not in the GRUU cache after " + REGISTERED_TIMEOUT);
                }
                Thread.sleep(50);
            }
        }
    }

    private void answer(DatagramSocket device, DatagramPacket request) {
        String text = new String(request.getData(), 0, request.getLength(), UTF_8);
        if (WarmUpSip.status(text) >= 0) {
            return;
        }
        try {
            byte[] ok = WarmUpSip.ok(text);
            device.send(new DatagramPacket(ok, ok.length, request.getSocketAddress()));
        } catch (IOException e) {
            // The originator's own timeout counts the message as lost.
        }
    }

    private void send(DatagramSocket socket, byte[] datagram) throws IOException {
        socket.send(new DatagramPacket(datagram, datagram.length, edge));
    }

    /** A daemon thread that hands each datagram the socket receives to {@code onPacket}, until the socket closes. */
    private static Thread reader(DatagramSocket socket, Consumer<DatagramPacket> onPacket, String name) {
        Thread thread = new Thread(
                () -> {
                    byte[] buffer = new byte[65_535];
                    while (!Thread.currentThread().isInterrupted()) {
                        var packet = new DatagramPacket(buffer, buffer.length);
                        try {
                            socket.receive(packet);
                        } catch (SocketException closed) {
                            return;
                        } catch (IOException e) {
                            continue;
                        }
                        onPacket.accept(packet);
                    }
                },
                name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
