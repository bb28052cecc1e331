package net.cpmpf.sipedge.largemessage;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The B2BUA sessions of this edge, found by the Call-ID of either side (the originator's, or one of our legs'). */
final class LargeMessageSessions {

    private final Map<String, LargeMessageSession> byCallId = new ConcurrentHashMap<>();
    private final Set<LargeMessageSession> all = ConcurrentHashMap.newKeySet();

    void add(LargeMessageSession session, String callId) {
        all.add(session);
        byCallId.put(callId, session);
    }

    Optional<LargeMessageSession> find(String callId) {
        return Optional.ofNullable(byCallId.get(callId));
    }

    void remove(LargeMessageSession session) {
        all.remove(session);
        byCallId.values().removeIf(s -> s == session);
    }

    int size() {
        return all.size();
    }
}
