package net.cpmpf.sipedge.sip;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;

/**
 * Requests not answered yet, by the transaction key a CANCEL carries (RFC 3261 9.2 with 17.2.3: top Via branch
 * and sent-by). Requests without an RFC 3261 branch cannot be cancelled and are not kept.
 */
final class PendingRequests {

    private static final String MAGIC_COOKIE = "z9hG4bK";

    private final Map<String, StackInboundRequest> byKey = new ConcurrentHashMap<>();

    void track(StackInboundRequest inbound) {
        key(inbound.stackRequest()).ifPresent(key -> byKey.put(key, inbound));
    }

    /** Called once {@code inbound} is answered: a CANCEL can no longer change anything. */
    void forget(StackInboundRequest inbound) {
        key(inbound.stackRequest()).ifPresent(key -> byKey.remove(key, inbound));
    }

    /** The request a CANCEL targets, if it is still unanswered. */
    Optional<StackInboundRequest> cancelled(Request cancel) {
        return key(cancel).map(byKey::get);
    }

    int size() {
        return byKey.size();
    }

    private static Optional<String> key(Request request) {
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        if (via == null || via.getBranch() == null || !via.getBranch().startsWith(MAGIC_COOKIE)) {
            return Optional.empty();
        }
        return Optional.of(via.getBranch() + '|' + via.getHost() + ':' + via.getPort());
    }
}
