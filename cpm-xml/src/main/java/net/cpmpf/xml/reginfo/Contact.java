package net.cpmpf.xml.reginfo;

import java.util.List;
import java.util.Objects;

/**
 * One {@code <contact>} of a registration (RFC 3680 §5.1) with its RFC 5628 GRUUs. Optional fields are {@code null}
 * when the document leaves them out.
 *
 * @param id the registrar's identifier of this binding, unique within its registration
 * @param state {@code active} or {@code terminated}
 * @param event what last happened to the binding
 * @param expires seconds until the binding expires, as of when the document was generated, or {@code null}; values
 *     above 2<sup>32</sup>-1 are clamped to it (the largest SIP delta-seconds)
 * @param q the contact's preference, 0 to 1, or {@code null}
 * @param callId the Call-ID of the REGISTER that last refreshed the binding, or {@code null}
 * @param cseq that REGISTER's CSeq number, or {@code null}
 * @param uri the contact URI
 * @param displayName the display name, or {@code null}
 * @param unknownParams the Contact header parameters the registrar reports ({@code +sip.instance}, feature tags…) in
 *     document order; at most {@link ReginfoLimits#maxUnknownParamsPerContact()}
 * @param pubGruu the public GRUU ({@code <gr:pub-gruu uri>}), or {@code null}
 * @param tempGruu the newest temporary GRUU ({@code <gr:temp-gruu>}), or {@code null}
 */
public record Contact(
        String id,
        State state,
        Event event,
        Long expires,
        Double q,
        String callId,
        Long cseq,
        String uri,
        String displayName,
        List<UnknownParam> unknownParams,
        String pubGruu,
        TempGruu tempGruu) {

    /** The {@code state} attribute of {@code <contact>}. */
    public enum State {
        ACTIVE,
        TERMINATED
    }

    /** The {@code event} attribute of {@code <contact>}: the state transition that produced this state. */
    public enum Event {
        REGISTERED,
        CREATED,
        REFRESHED,
        SHORTENED,
        EXPIRED,
        DEACTIVATED,
        PROBATION,
        UNREGISTERED,
        REJECTED
    }

    /**
     * An {@code <unknown-param>}: a Contact header parameter the reginfo schema does not name.
     *
     * @param name the parameter name, e.g. {@code +sip.instance}
     * @param value the parameter value exactly as sent (quotes included), or {@code null} for a parameter without one
     */
    public record UnknownParam(String name, String value) {
        public UnknownParam {
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * A {@code <gr:temp-gruu>}.
     *
     * @param uri the temporary GRUU
     * @param firstCseq the CSeq of the REGISTER that minted it: every temporary GRUU minted since then is valid too
     */
    public record TempGruu(String uri, long firstCseq) {
        public TempGruu {
            Objects.requireNonNull(uri, "uri");
        }
    }

    public Contact {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(uri, "uri");
        unknownParams = List.copyOf(unknownParams);
    }
}
