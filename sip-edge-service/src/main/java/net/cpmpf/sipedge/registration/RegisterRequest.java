package net.cpmpf.sipedge.registration;

import java.util.List;
import java.util.Map;

/**
 * What the registrar needs from a REGISTER (RFC 3261 §10.3), free of the SIP stack's types.
 *
 * @param aor the To URI in {@code CpmAddress} normal form
 * @param expires the Expires header, or {@code null} without one
 * @param wildcard whether the request carried {@code Contact: *}
 * @param contacts the Contact header's entries; empty for a query
 */
record RegisterRequest(
        String aor, String callId, long cseq, Integer expires, boolean wildcard, List<Contact> contacts) {

    RegisterRequest {
        contacts = List.copyOf(contacts);
    }

    /**
     * One Contact entry.
     *
     * @param params the header parameters, names lower-cased, values as written (quotes kept); a flag has value
     *     {@code null}
     */
    record Contact(String uri, Map<String, String> params) {}
}
