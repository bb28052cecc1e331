package net.cpmpf.sipedge.registration;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import net.cpmpf.events.CpmAddress;
import net.cpmpf.events.SipHeader;
import net.cpmpf.sipedge.sip.InboundRequest;
import net.cpmpf.sipedge.sip.OutboundRequest;
import net.cpmpf.sipedge.sip.SipResponse;
import net.cpmpf.xml.reginfo.RegistrationState;

/**
 * One subscription dialog to a user's reg event package (RFC 3680, RFC 6665), as the subscriber: the dialog state
 * the stack does not keep for us (automatic dialogs are off) and the registration state its NOTIFYs build up.
 */
final class Subscription {

    final String aor;
    final String callId = UUID.randomUUID() + "@cpm-pf";
    final RegistrationState state;
    private final String identity;
    private final String fromTag = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    private final List<String> initialRoute;
    private final AtomicLong cseq = new AtomicLong();
    private volatile String toTag;
    private volatile String remoteTarget;
    private volatile List<String> routeSet;

    Subscription(String aor, String identity, String scscf, Clock clock) {
        this.aor = aor;
        this.identity = identity;
        this.initialRoute = List.of(looseRoute(scscf));
        this.state = new RegistrationState(clock);
    }

    /** The S-CSCF's Contact as a loose-routing Route entry. */
    private static String looseRoute(String uri) {
        String bare = uri.strip();
        if (bare.startsWith("<") && bare.endsWith(">")) {
            bare = bare.substring(1, bare.length() - 1);
        }
        return "<" + (bare.contains(";lr") ? bare : bare + ";lr") + ">";
    }

    /** The next SUBSCRIBE of this dialog: the initial one, a refresh, or with zero expiry the unsubscribe. */
    OutboundRequest subscribe(Duration expires) {
        boolean inDialog = toTag != null;
        return new OutboundRequest(
                "SUBSCRIBE",
                inDialog && remoteTarget != null ? remoteTarget : aor,
                "<" + identity + ">",
                fromTag,
                "<" + aor + ">",
                toTag,
                callId,
                cseq.incrementAndGet(),
                inDialog && routeSet != null ? routeSet : initialRoute,
                List.of(
                        new SipHeader("Event", "reg"),
                        new SipHeader("Accept", "application/reginfo+xml"),
                        new SipHeader("Expires", Long.toString(expires.toSeconds()))),
                null,
                null);
    }

    /** A 2xx to SUBSCRIBE sets up the dialog (RFC 3261 §12.1.2): remote tag, remote target, route set. */
    void established(SipResponse ok) {
        ok.header("To").map(Subscription::tag).ifPresent(tag -> toTag = tag);
        ok.header("Contact").map(CpmAddress::uriOf).ifPresent(target -> remoteTarget = target);
        if (routeSet == null) {
            List<String> recorded = new ArrayList<>(ok.headers("Record-Route"));
            Collections.reverse(recorded);
            routeSet = List.copyOf(recorded);
        }
    }

    /** A NOTIFY may arrive before the 2xx; it carries the same dialog identifiers (RFC 6665 §4.1.2.4). */
    void learnFrom(InboundRequest notify) {
        if (toTag == null) {
            notify.header("From").map(Subscription::tag).ifPresent(tag -> toTag = tag);
        }
        notify.header("Contact").map(CpmAddress::uriOf).ifPresent(target -> remoteTarget = target);
        if (routeSet == null) {
            routeSet = List.copyOf(notify.headers("Record-Route"));
        }
    }

    boolean matches(InboundRequest notify) {
        String ourTag = notify.header("To").map(Subscription::tag).orElse(null);
        return fromTag.equals(ourTag);
    }

    /** Forgets the dialog, so that the next SUBSCRIBE starts a new one. */
    Subscription renew(Clock clock) {
        return new Subscription(aor, identity, initialRoute.get(0), clock);
    }

    private static String tag(String nameAddr) {
        for (String param :
                nameAddr.substring(Math.max(0, nameAddr.lastIndexOf('>'))).split(";")) {
            String p = param.strip();
            if (p.regionMatches(true, 0, "tag=", 0, 4)) {
                return p.substring(4);
            }
        }
        return null;
    }
}
