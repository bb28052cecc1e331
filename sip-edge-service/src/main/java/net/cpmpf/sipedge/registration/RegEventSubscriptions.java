package net.cpmpf.sipedge.registration;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import net.cpmpf.sipedge.sip.InboundRequest;
import net.cpmpf.sipedge.sip.SipClient;
import net.cpmpf.sipedge.sip.SipReply;
import net.cpmpf.xml.MalformedDocumentException;
import net.cpmpf.xml.reginfo.ApplyResult;
import net.cpmpf.xml.reginfo.Reginfo;
import net.cpmpf.xml.reginfo.ReginfoParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PF's subscriptions to its users' reg event packages (RFC 3680) after third-party registration: one dialog per
 * user, refreshed before it expires, renewed after a failure, and resynchronised when a NOTIFY shows a gap. Each
 * applied NOTIFY publishes the full state of the users it changed.
 */
final class RegEventSubscriptions {

    private static final Logger log = LoggerFactory.getLogger(RegEventSubscriptions.class);
    private static final double REFRESH_AT = 0.8;

    private final SipClient sip;
    private final RegistrationPublisher publisher;
    private final ScheduledExecutorService timer;
    private final Duration expires;
    private final Duration retryInterval;
    private final String identity;
    private final Clock clock;
    private final ReginfoParser parser = new ReginfoParser();
    private final Map<String, Subscription> byCallId = new ConcurrentHashMap<>();
    private final Map<String, Subscription> byAor = new ConcurrentHashMap<>();

    RegEventSubscriptions(
            SipClient sip,
            RegistrationPublisher publisher,
            ScheduledExecutorService timer,
            String identity,
            Duration expires,
            Duration retryInterval,
            Clock clock) {
        this.sip = sip;
        this.publisher = publisher;
        this.timer = timer;
        this.identity = identity;
        this.expires = expires;
        this.retryInterval = retryInterval;
        this.clock = clock;
    }

    /** Subscribes to {@code aor}'s registrations through the S-CSCF at {@code scscf}, unless already subscribed. */
    void subscribe(String aor, String scscf) {
        var created = new Subscription[1];
        byAor.computeIfAbsent(aor, key -> created[0] = new Subscription(key, identity, scscf, clock));
        if (created[0] != null) {
            byCallId.put(created[0].callId, created[0]);
            send(created[0], expires);
        }
    }

    /** Ends the subscription of {@code aor}; its final NOTIFY reports the state. */
    void unsubscribe(String aor) {
        var subscription = byAor.remove(aor);
        if (subscription != null) {
            send(subscription, Duration.ZERO);
        }
    }

    Set<String> subscribedUsers() {
        return Set.copyOf(byAor.keySet());
    }

    private void send(Subscription subscription, Duration asked) {
        sip.send(subscription.subscribe(asked)).whenComplete((response, error) -> {
            if (asked.isZero()) {
                return;
            }
            if (error == null && response.isSuccess()) {
                subscription.established(response);
                long granted = response.header("Expires")
                        .map(RegEventSubscriptions::seconds)
                        .orElse(asked.toSeconds());
                schedule(() -> refresh(subscription), Duration.ofSeconds(Math.max(1, (long) (granted * REFRESH_AT))));
            } else {
                log.warn(
                        "reg event subscription for {} failed ({}); trying again in {}",
                        subscription.aor,
                        error != null ? error.toString() : response.status() + " " + response.reason(),
                        retryInterval);
                schedule(() -> renew(subscription), retryInterval);
            }
        });
    }

    private void refresh(Subscription subscription) {
        if (byAor.get(subscription.aor) == subscription) {
            send(subscription, expires);
        }
    }

    /** A failed dialog is forgotten and a new one started, as long as the user is still wanted. */
    private void renew(Subscription failed) {
        var next = failed.renew(clock);
        if (byAor.replace(failed.aor, failed, next)) {
            byCallId.remove(failed.callId);
            byCallId.put(next.callId, next);
            send(next, expires);
        }
    }

    private void schedule(Runnable task, Duration delay) {
        timer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Applies a NOTIFY of one of our subscriptions and completes with the answer it deserves. */
    CompletableFuture<SipReply> onNotify(InboundRequest notify) {
        var subscription = notify.header("Call-ID").map(byCallId::get).orElse(null);
        if (subscription == null || !subscription.matches(notify)) {
            return done(481, "Subscription Does Not Exist");
        }
        if (!notify.header("Event").map(e -> e.strip().startsWith("reg")).orElse(false)) {
            return done(489, "Bad Event");
        }
        subscription.learnFrom(notify);
        boolean terminated = notify.header("Subscription-State")
                .map(s -> s.strip().toLowerCase(Locale.ROOT).startsWith("terminated"))
                .orElse(false);
        if (notify.body().length == 0) {
            return terminated ? end(subscription, subscription.state.aors()) : done(200, "OK");
        }
        Reginfo document;
        try {
            document = parser.parse(notify.body());
        } catch (MalformedDocumentException e) {
            log.info("Refused a reg event NOTIFY for {}: {}", subscription.aor, e.getMessage());
            return done(400, "Bad Request (" + e.reason() + ")");
        }
        ApplyResult result = subscription.state.apply(document);
        if (result.outcome() == ApplyResult.Outcome.RESYNC_NEEDED) {
            // RFC 3680 §4.4: a gap in versions; a refresh makes the notifier send full state again.
            send(subscription, expires);
        }
        var published = publish(subscription, result.changedAors(), document.version());
        return terminated
                ? published.thenCompose(ok -> end(subscription, subscription.state.aors()))
                : published.thenApply(ok -> reply(200, "OK")).exceptionally(e -> unavailable());
    }

    private CompletableFuture<Void> publish(Subscription subscription, Set<String> users, long version) {
        var sent = users.stream()
                .map(user -> publisher.publish(
                        user, "reg-event:" + subscription.callId, version, subscription.state.contacts(user)))
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(sent);
    }

    /** The notifier ended the subscription: its users are no longer registered here. */
    private CompletableFuture<SipReply> end(Subscription subscription, Set<String> users) {
        byCallId.remove(subscription.callId);
        byAor.remove(subscription.aor, subscription);
        long finalVersion = subscription.state.version().orElse(0) + 1;
        var sent = users.stream()
                .map(user -> publisher.publish(user, "reg-event:" + subscription.callId, finalVersion, List.of()))
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(sent).thenApply(ok -> reply(200, "OK")).exceptionally(e -> unavailable());
    }

    private static long seconds(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static CompletableFuture<SipReply> done(int status, String reason) {
        return CompletableFuture.completedFuture(reply(status, reason));
    }

    private static SipReply reply(int status, String reason) {
        return SipReply.of(status, reason);
    }

    private static SipReply unavailable() {
        return SipReply.unavailable(Duration.ofSeconds(5));
    }
}
