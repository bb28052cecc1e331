package net.cpmpf.sipedge.registration;

import java.time.Duration;

/**
 * Bounds of the lab-mode registrar.
 *
 * @param minExpires shorter registrations are refused with 423 Interval Too Brief (RFC 3261 §10.3 step 7)
 * @param maxExpires longer registrations are shortened to this
 * @param defaultExpires used when neither the contact nor the request says
 * @param maxContactsPerUser more bindings for one AoR are refused (403), so one user cannot exhaust memory
 * @param maxUsers more AoRs are refused (503), for the same reason
 */
record RegistrarLimits(
        Duration minExpires, Duration maxExpires, Duration defaultExpires, int maxContactsPerUser, int maxUsers) {}
