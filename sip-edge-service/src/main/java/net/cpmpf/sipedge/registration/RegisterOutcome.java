package net.cpmpf.sipedge.registration;

import java.util.List;

/** The registrar's answer to one REGISTER. */
sealed interface RegisterOutcome {

    /** 200 OK listing every binding of the AoR after the request; {@code changed} when bindings changed. */
    record Registered(String aor, List<Binding> bindings, boolean changed, long version) implements RegisterOutcome {}

    /** A final error response. */
    record Refused(int status, String reason, String minExpires) implements RegisterOutcome {

        static Refused of(int status, String reason) {
            return new Refused(status, reason, null);
        }
    }
}
