package net.cpmpf.sipedge.largemessage;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import net.cpmpf.sipedge.msrp.MsrpNode;
import net.cpmpf.sipedge.sip.SipClient;

/**
 * What every {@link LargeMessageSession} of this edge shares.
 *
 * @param route the Route of requests towards clients (the outbound proxy), or empty
 * @param allow the Allow value of the running endpoint
 * @param deferral where the content of a deferred large message goes
 * @param maxDeferredBytes the largest message the PF receives as the endpoint
 */
record B2bua(
        SipClient sip,
        MsrpNode msrp,
        LargeMessageSessions sessions,
        Duration ringTimeout,
        List<String> route,
        Supplier<String> allow,
        ContentDeferral deferral,
        long maxDeferredBytes) {}
