package net.cpmpf.notification.notice;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import net.cpmpf.events.MessageDeferred;

/**
 * The deferred messages whose notification went to the user's client and has no outcome yet, by Message-URI-ID, so
 * that a refused one can be rebuilt for the IWF. Bounded: past {@code capacity} the oldest is forgotten (its
 * notification then gets no fallback). In memory only: a restart or a partition moving to another replica forgets
 * them too. Thread-safe.
 */
final class RecentNotices {

    private final Map<String, MessageDeferred> byId;

    RecentNotices(int capacity) {
        this.byId = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, MessageDeferred> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized void remember(MessageDeferred deferred) {
        byId.put(deferred.messageUriId(), deferred);
    }

    /** The message, forgotten by this call: each notification gets at most one fallback. */
    synchronized Optional<MessageDeferred> take(String messageUriId) {
        return Optional.ofNullable(byId.remove(messageUriId));
    }

    synchronized int size() {
        return byId.size();
    }
}
