package net.cpmpf.sipedge.registration;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.cpmpf.events.CpmAddress;
import net.cpmpf.events.SipHeader;
import net.cpmpf.sipedge.sip.InboundRequest;
import net.cpmpf.sipedge.sip.SipReply;
import net.cpmpf.sipedge.sip.SipRequestHandler;
import net.cpmpf.sipedge.trust.CoreAddresses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * REGISTER. From the S-CSCF (a trusted core address) it is a third-party registration: 200 OK, then a subscription
 * to the user's reg event package. From anyone else, in lab mode, the PF is the registrar: a change is published
 * before the 200 OK goes out, so that a client told it is registered can be reached through the GRUU cache; if the
 * backbone does not take it, the client gets 503 and registers again. Otherwise 403.
 */
class RegisterHandler implements SipRequestHandler {

    private static final Logger log = LoggerFactory.getLogger(RegisterHandler.class);

    private final Registrar registrar;
    private final RegistrationPublisher publisher;
    private final String source;
    private final CoreAddresses core;
    private final RegEventSubscriptions subscriptions;

    /**
     * @param registrar the lab-mode registrar, or {@code null} when lab mode is off
     */
    RegisterHandler(
            Registrar registrar,
            RegistrationPublisher publisher,
            String source,
            CoreAddresses core,
            RegEventSubscriptions subscriptions) {
        this.registrar = registrar;
        this.publisher = publisher;
        this.source = source;
        this.core = core;
        this.subscriptions = subscriptions;
    }

    @Override
    public Set<String> methods() {
        return Set.of("REGISTER");
    }

    @Override
    public void handle(InboundRequest request) {
        if (core.contains(request.source())) {
            thirdParty(request);
            return;
        }
        if (registrar == null) {
            request.reply(SipReply.of(403, "Forbidden"));
            return;
        }
        RegisterRequest register;
        try {
            register = parse(request);
        } catch (IllegalArgumentException e) {
            request.reply(SipReply.of(400, "Bad Request"));
            log.debug("Malformed REGISTER: {}", e.getMessage());
            return;
        }
        RegisterOutcome outcome = registrar.register(register);
        if (outcome instanceof RegisterOutcome.Registered registered) {
            answer(request, registered);
        } else if (outcome instanceof RegisterOutcome.Refused refused) {
            request.reply(refusal(refused));
        }
    }

    /** TS 24.229 §5.4.1.7: the S-CSCF's Contact is where the reg event subscription goes. */
    private void thirdParty(InboundRequest request) {
        RegisterRequest register;
        try {
            register = parse(request);
        } catch (IllegalArgumentException e) {
            request.reply(SipReply.of(400, "Bad Request"));
            return;
        }
        if (register.contacts().isEmpty()) {
            request.reply(SipReply.of(400, "Bad Request: no S-CSCF Contact"));
            return;
        }
        var scscf = register.contacts().get(0);
        String expires = scscf.params().getOrDefault("expires", String.valueOf(register.expires()));
        request.reply(SipReply.of(200, "OK"));
        if ("0".equals(expires)) {
            subscriptions.unsubscribe(register.aor());
        } else {
            subscriptions.subscribe(register.aor(), scscf.uri());
        }
    }

    private void answer(InboundRequest request, RegisterOutcome.Registered registered) {
        SipReply ok = ok(registered, supportsGruu(request));
        if (!registered.changed()) {
            request.reply(ok);
            return;
        }
        var contacts = registered.bindings().stream().map(Binding::toContact).toList();
        publisher
                .publish(registered.aor(), source, registered.version(), contacts)
                .whenComplete((sent, error) -> {
                    if (error == null) {
                        request.reply(ok);
                    } else {
                        log.warn("Registration of {} not published: {}", registered.aor(), error.toString());
                        request.reply(SipReply.unavailable(Duration.ofSeconds(5)));
                    }
                });
    }

    static RegisterRequest parse(InboundRequest request) {
        String to = request.header("To").orElseThrow(() -> new IllegalArgumentException("no To"));
        String aor =
                CpmAddress.normalize(ContactHeader.parse(List.of(to)).get(0).uri());
        String callId = request.header("Call-ID").orElseThrow(() -> new IllegalArgumentException("no Call-ID"));
        String cseq = request.header("CSeq").orElseThrow(() -> new IllegalArgumentException("no CSeq"));
        Integer expires =
                request.header("Expires").map(v -> Integer.valueOf(v.strip())).orElse(null);
        var contacts = ContactHeader.parse(request.headers("Contact"));
        boolean wildcard = contacts.contains(ContactHeader.WILDCARD);
        var bound = contacts.stream().filter(c -> c != ContactHeader.WILDCARD).toList();
        return new RegisterRequest(
                aor, callId, Long.parseLong(cseq.strip().split("\\s+")[0]), expires, wildcard, bound);
    }

    private static boolean supportsGruu(InboundRequest request) {
        return request.headers("Supported").stream().anyMatch(tag -> tag.strip().equalsIgnoreCase("gruu"));
    }

    private static SipReply ok(RegisterOutcome.Registered registered, boolean gruu) {
        Instant now = Instant.now();
        List<SipHeader> headers = new ArrayList<>();
        for (Binding binding : registered.bindings()) {
            var contact = new StringBuilder("<")
                    .append(binding.contactUri())
                    .append(">;expires=")
                    .append(binding.secondsLeft(now));
            if (binding.instanceId() != null) {
                contact.append(";+sip.instance=\"<")
                        .append(binding.instanceId())
                        .append(">\"");
                if (gruu) {
                    contact.append(";pub-gruu=\"").append(binding.publicGruu()).append('"');
                    contact.append(";temp-gruu=\"").append(binding.tempGruu()).append('"');
                }
            }
            headers.add(new SipHeader("Contact", contact.toString()));
        }
        return new SipReply(200, "OK", headers, null, null);
    }

    private static SipReply refusal(RegisterOutcome.Refused refused) {
        return refused.minExpires() == null
                ? SipReply.of(refused.status(), refused.reason())
                : SipReply.of(refused.status(), refused.reason(), new SipHeader("Min-Expires", refused.minExpires()));
    }
}
