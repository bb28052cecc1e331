package net.cpmpf.sipedge.sip;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import javax.sip.ClientTransaction;

/** {@link OutgoingInvite} on a JAIN-SIP client transaction; the CANCEL waits for the first provisional response. */
final class StackInvite implements OutgoingInvite {

    private final Consumer<ClientTransaction> canceller;
    private volatile ClientTransaction transaction;
    private final CompletableFuture<SipResponse> answer = new CompletableFuture<>();
    private boolean provisional;
    private boolean cancelRequested;
    private boolean cancelSent;

    /** @param canceller sends the CANCEL of the transaction, which exists by then (the INVITE had a response) */
    StackInvite(Consumer<ClientTransaction> canceller) {
        this.canceller = canceller;
    }

    /** The INVITE's transaction, once made (over TCP on another thread than the one that asked for the INVITE). */
    void attach(ClientTransaction transaction) {
        this.transaction = transaction;
    }

    @Override
    public CompletableFuture<SipResponse> answer() {
        return answer;
    }

    @Override
    public void cancel() {
        boolean now;
        synchronized (this) {
            cancelRequested = true;
            now = provisional && !cancelSent && !answer.isDone();
            cancelSent |= now;
        }
        if (now) {
            canceller.accept(transaction);
        }
    }

    /** A provisional response came: from now on a CANCEL may go. */
    void onProvisional() {
        boolean now;
        synchronized (this) {
            provisional = true;
            now = cancelRequested && !cancelSent && !answer.isDone();
            cancelSent |= now;
        }
        if (now) {
            canceller.accept(transaction);
        }
    }
}
