package net.cpmpf.sipedge.registration;

import java.util.Set;
import net.cpmpf.sipedge.sip.InboundRequest;
import net.cpmpf.sipedge.sip.SipRequestHandler;

/** NOTIFY of the reg event package; answered once the state it brings is on the backbone. */
class NotifyHandler implements SipRequestHandler {

    private final RegEventSubscriptions subscriptions;

    NotifyHandler(RegEventSubscriptions subscriptions) {
        this.subscriptions = subscriptions;
    }

    @Override
    public Set<String> methods() {
        return Set.of("NOTIFY");
    }

    @Override
    public void handle(InboundRequest request) {
        subscriptions.onNotify(request).thenAccept(request::reply);
    }
}
