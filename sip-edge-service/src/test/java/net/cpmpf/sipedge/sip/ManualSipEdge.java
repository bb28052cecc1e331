package net.cpmpf.sipedge.sip;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the SIP layer alone for manual checks (the RFC 4475 torture runner, SIPp):
 * {@code java ... ManualSipEdge [host] [port]}. MESSAGE and REGISTER get 200, INVITE 480.
 */
public final class ManualSipEdge {

    private ManualSipEdge() {}

    public static void main(String[] args) throws InterruptedException {
        String host = args.length > 0 ? args[0] : "127.0.0.1";
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 5060;
        SipRequestHandler ok = new SipRequestHandler() {
            @Override
            public Set<String> methods() {
                return Set.of("MESSAGE", "INVITE", "REGISTER");
            }

            @Override
            public void handle(InboundRequest request) {
                request.reply(
                        request.method().equals("INVITE")
                                ? SipReply.of(480, "Temporarily Unavailable")
                                : SipReply.of(200, "OK"));
            }
        };
        SipEndpoint endpoint = new SipEndpoint(TestSip.config(host, port), List.of(ok));
        endpoint.start();
        Runtime.getRuntime().addShutdownHook(new Thread(endpoint::stop));
        System.out.println("listening on " + endpoint.listening() + ", Allow: " + endpoint.allow());
        new CountDownLatch(1).await();
    }
}
