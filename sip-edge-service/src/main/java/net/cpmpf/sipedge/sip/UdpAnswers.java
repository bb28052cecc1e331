package net.cpmpf.sipedge.sip;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.stack.SIPServerTransaction;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.UDPMessageChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where {@link UdpTransactions} meet the RI: which requests take one, and sending their answers on the UDP socket. */
final class UdpAnswers {

    private static final Logger log = LoggerFactory.getLogger(UdpAnswers.class);

    private UdpAnswers() {}

    /**
     * The UDP transport a request came in on when its transaction is one of {@link UdpTransactions}: every method but
     * INVITE (whose transaction the B2BUA needs for ACK, CANCEL and its timers) and CANCEL (which the RI matches to
     * the INVITE's).
     */
    static CompactUdpProcessor processor(Request request) {
        if (Request.INVITE.equals(request.getMethod()) || Request.CANCEL.equals(request.getMethod())) {
            return null;
        }
        return request instanceof SIPRequest sip
                        && sip.getMessageChannel() instanceof UDPMessageChannel channel
                        && channel.getMessageProcessor() instanceof CompactUdpProcessor processor
                ? processor
                : null;
    }

    /**
     * Takes the RI's placeholder for this request out of its pending table now rather than when this event returns:
     * until then the RI would take a retransmission for its own and drop it, even once the answer is sent.
     */
    static void leaveToUs(RequestEvent event) {
        if (event.getSource() instanceof SipProvider provider
                && provider.getSipStack() instanceof SIPTransactionStack stack
                && ((SIPRequest) event.getRequest()).getTransaction() instanceof SIPServerTransaction placeholder) {
            stack.removePendingTransaction(placeholder);
        }
    }

    /** Encodes the answer once: the bytes sent now are the bytes kept for retransmissions. */
    static void answer(CompactUdpProcessor udp, UdpTransactions.Transaction transaction, Response response)
            throws SipException {
        SIPResponse sip = (SIPResponse) response;
        InetSocketAddress destination = destination(sip.getTopmostVia());
        byte[] datagram = sip.encodeAsBytes(ListeningPoint.UDP);
        transaction.answered(datagram, System.nanoTime());
        try {
            udp.send(datagram, destination);
        } catch (IOException e) {
            throw new SipException("UDP send to " + destination + " failed", e);
        }
    }

    /** The kept answer again, to where the retransmission's Via says (the same as the first request's). */
    static void resend(CompactUdpProcessor udp, byte[] datagram, ViaHeader via) {
        InetSocketAddress destination = destination(via);
        try {
            udp.send(datagram, destination);
        } catch (IOException e) {
            log.info("Answer to a retransmission not sent to {}: {}", destination, e.toString());
        }
    }

    /**
     * Where a response goes over UDP (RFC 3261 18.2.2 with RFC 3581): the {@code received} address, else the sent-by
     * host; the {@code rport} port, else the sent-by port, else 5060. The RI sets both when it reads the request.
     */
    static InetSocketAddress destination(ViaHeader via) {
        String host = via.getReceived() != null ? via.getReceived() : via.getHost();
        int port = via.getRPort() > 0 ? via.getRPort() : via.getPort() > 0 ? via.getPort() : 5060;
        return new InetSocketAddress(host, port);
    }
}
