package net.cpmpf.notification.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything the notification service can be told ({@code cpm.notification.*}).
 *
 * @param identity the CPM server identity: the From of every system message and its {@code P-Asserted-Identity}
 *     (the Authenticated Originator's CPM Address, CPM 6.1)
 * @param iwfUri where the system message goes when the user has no registered client (CR 8.3.2.4.x step 3b), and
 *     where a notification the user's client refused is sent again
 * @param acceptContact the {@code Accept-Contact} marking a system message. The CR's feature tag is the default; the
 *     3GPP form {@code *;+g.3gpp.icsi-ref="urn%3Aurn-7%3A3gpp-service.ims.icsi.oma.cpm.systemmsg"} is the accepted
 *     alternative for IMS cores that route on ICSIs
 * @param server the {@code Server} header: the CPM release first (CR step 3a.v), then the product
 * @param recentNotices how many recent notifications are remembered so that one the user's client refused can be
 *     sent again to the IWF; the oldest are forgotten first
 * @param fallbackToIwf whether a notification the user's client refused (non-2xx) is sent once more to the IWF
 */
@ConfigurationProperties("cpm.notification")
public record NotificationProperties(
        @DefaultValue("sip:cpm-pf@127.0.0.1") String identity,
        @DefaultValue("sip:iwf@127.0.0.1:5080") String iwfUri,
        @DefaultValue("*;+g.oma.cpm.system-message") String acceptContact,
        @DefaultValue("CPM-serv/OMA2.0 cpm-pf/0.1") String server,
        @DefaultValue("10000") int recentNotices,
        @DefaultValue("true") boolean fallbackToIwf) {

    public NotificationProperties {
        requireSipUri("identity", identity);
        requireSipUri("iwf-uri", iwfUri);
        requireText("accept-contact", acceptContact);
        requireText("server", server);
        if (!server.startsWith("CPM-serv/OMA")) {
            throw new IllegalArgumentException("server must start with the CPM release (CPM-serv/OMA…): " + server);
        }
        if (recentNotices < 0) {
            throw new IllegalArgumentException("recent-notices must be >= 0: " + recentNotices);
        }
    }

    private static void requireSipUri(String name, String value) {
        requireText(name, value);
        if (!value.startsWith("sip:") && !value.startsWith("sips:")) {
            throw new IllegalArgumentException(name + " must be a SIP URI: " + value);
        }
    }

    private static void requireText(String name, String value) {
        if (value == null || value.isBlank() || value.chars().anyMatch(c -> c < 0x20)) {
            throw new IllegalArgumentException(name + " must be a non-blank single line: " + value);
        }
    }
}
