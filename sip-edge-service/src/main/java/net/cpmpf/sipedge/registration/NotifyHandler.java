package net.cpmpf.sipedge.registration;

import java.util.Set;
import net.cpmpf.sipedge.sip.InboundRequest;
import net.cpmpf.sipedge.sip.SipReply;
import net.cpmpf.sipedge.sip.SipRequestHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** NOTIFY of the reg event package; answered once the state it brings is on the backbone. */
class NotifyHandler implements SipRequestHandler {

    private static final Logger log = LoggerFactory.getLogger(NotifyHandler.class);

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
        subscriptions.onNotify(request).whenComplete((reply, error) -> {
            if (error == null) {
                request.reply(reply);
            } else {
                // Every transaction ends: the notifier retries a NOTIFY that failed.
                log.warn("NOTIFY not applied: {}", error.toString());
                request.reply(SipReply.of(500, "Server Internal Error"));
            }
        });
    }
}
