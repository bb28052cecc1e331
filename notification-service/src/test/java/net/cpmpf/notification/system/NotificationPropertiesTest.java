package net.cpmpf.notification.system;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NotificationPropertiesTest {

    private static NotificationProperties with(String identity, String iwf, String acceptContact, String server) {
        return new NotificationProperties(identity, iwf, acceptContact, server, 10, true);
    }

    @Test
    void refusesWhatWouldBreakTheSystemMessage() {
        String contact = "*;+g.oma.cpm.system-message";
        String server = "CPM-serv/OMA2.0 cpm-pf/0.1";
        assertThatThrownBy(() -> with("cpm-pf@127.0.0.1", "sip:iwf@h", contact, server))
                .hasMessageContaining("identity");
        assertThatThrownBy(() -> with("sip:pf@h", "tel:+1", contact, server)).hasMessageContaining("iwf-uri");
        assertThatThrownBy(() -> with("sip:pf@h", "sip:iwf@h", " ", server)).hasMessageContaining("accept-contact");
        assertThatThrownBy(() -> with("sip:pf@h", "sip:iwf@h", contact, "cpm-pf/0.1\r\nX: y"))
                .hasMessageContaining("server");
        assertThatThrownBy(() -> with("sip:pf@h", "sip:iwf@h", contact, "cpm-pf/0.1"))
                .hasMessageContaining("CPM release");
        assertThatThrownBy(() -> new NotificationProperties("sip:pf@h", "sip:iwf@h", contact, server, -1, true))
                .hasMessageContaining("recent-notices");
    }
}
