package net.cpmpf.sipedge.pager;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import net.cpmpf.events.ForkTarget;
import net.cpmpf.events.SipHeader;
import net.cpmpf.sipedge.sip.SipResponse;

/**
 * The state of one fork: which branches have ended and how. The first 2xx wins; the rest are only recorded. Not
 * thread-safe by itself: {@link Forker} serialises the calls.
 */
public final class Fork {

    /** Headers of a failure that still mean something to the originator; the rest describe the branch. */
    private static final Set<String> RELAYED = Set.of("warning", "retry-after", "accept", "error-info", "unsupported");

    private final int branches;
    private final List<SipResponse> failures = new ArrayList<>();
    private int ended;
    private boolean timedOut;
    private ForkTarget winner;

    public Fork(int branches) {
        this.branches = branches;
    }

    /** @return whether this response is the first 2xx, the one to relay upstream */
    public boolean onResponse(ForkTarget target, SipResponse response) {
        ended++;
        if (response.isSuccess()) {
            if (winner == null) {
                winner = target;
                return true;
            }
            return false;
        }
        failures.add(response);
        return false;
    }

    public void onError(Throwable error) {
        ended++;
        if (error instanceof TimeoutException) {
            timedOut = true;
        }
    }

    public boolean complete() {
        return ended == branches;
    }

    public Optional<ForkTarget> winner() {
        return Optional.ofNullable(winner);
    }

    /**
     * The failure to relay when no branch succeeded, after RFC 3261 §16.7: a 6xx wins, else the lowest class among
     * 4xx, 5xx and 3xx; without any response, 408 when a branch timed out, else 503 (nothing could be reached).
     */
    public SipResponse bestFailure() {
        for (int wanted : new int[] {6, 4, 5, 3}) {
            for (SipResponse failure : failures) {
                if (failure.status() / 100 == wanted) {
                    return relayable(failure);
                }
            }
        }
        return timedOut
                ? new SipResponse(408, "Request Timeout", List.of(), null)
                : new SipResponse(503, "Service Unavailable", List.of(), null);
    }

    /** A 503 from downstream says "this hop is overloaded"; upstream it would mean the PF is (RFC 3261 §16.7). */
    private static SipResponse relayable(SipResponse failure) {
        if (failure.status() == 503) {
            return new SipResponse(500, "Server Internal Error", List.of(), null);
        }
        List<SipHeader> kept = failure.headers().stream()
                .filter(h -> RELAYED.contains(h.name().toLowerCase(Locale.ROOT)))
                .toList();
        return new SipResponse(failure.status(), failure.reason(), kept, null);
    }
}
