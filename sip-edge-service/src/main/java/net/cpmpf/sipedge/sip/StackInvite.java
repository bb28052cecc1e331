package net.cpmpf.sipedge.sip;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import javax.sip.ClientTransaction;

/** {@link OutgoingInvite} on a JAIN-SIP client transaction; the CANCEL waits for the first provisional response. */
final class StackInvite implements OutgoingInvite {

    private final ClientTransaction transaction;
    private final Consumer<ClientTransaction> canceller;
    private final CompletableFuture<SipResponse> answer = new CompletableFuture<>();
    private boolean provisional;
    private boolean cancelRequested;
    private boolean cancelSent;

    StackInvite(ClientTransaction transaction, Consumer<ClientTransaction> canceller) {
        this.transaction = transaction;
        this.canceller = canceller;
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
