package net.cpmpf.sipedge.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import net.cpmpf.sipedge.msrp.MsrpNode;
import net.cpmpf.sipedge.sip.StackSipClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * An edge bound to every interface must be told the address peers reach it at; that address is what it hands out. A
 * configuration the edge cannot run with is refused when it is bound, not when the first message arrives.
 */
class AdvertisedHostTest {

    @Test
    void theBindAddressIsAdvertisedWhenItCanBeReached() {
        var edge = bind(Map.of());

        assertThat(edge.sip().advertised()).isEqualTo("127.0.0.1");
        assertThat(edge.msrp().advertised()).isEqualTo("127.0.0.1");
    }

    @Test
    void aWildcardBindNeedsAnAdvertisedHostAndSaysWhichProperty() {
        assertThatThrownBy(() -> bind(Map.of("cpm.edge.sip.host", "0.0.0.0")))
                .rootCause()
                .hasMessageContaining("cpm.edge.sip.advertised-host");
        assertThatThrownBy(() -> bind(Map.of("cpm.edge.msrp.host", "::")))
                .rootCause()
                .hasMessageContaining("cpm.edge.msrp.advertised-host");
    }

    @Test
    void anEdgeWithoutSipThreadsIsRefusedAtStartup() {
        assertThatThrownBy(() -> bind(Map.of("cpm.edge.sip.threads", "0")))
                .rootCause()
                .hasMessageContaining("threads >= 1");
    }

    @Test
    void timerKBelowTheStacksTickIsRefusedAtStartup() {
        assertThat(bind(Map.of()).sip().timerK()).hasMillis(500);
        assertThatThrownBy(() -> bind(Map.of("cpm.edge.sip.timer-k", "100ms")))
                .rootCause()
                .hasMessageContaining("timer-k >= 500ms");
    }

    @Test
    void theAdvertisedHostGoesIntoContactAndMsrpUris() {
        var edge = bind(Map.of(
                "cpm.edge.sip.host", "0.0.0.0",
                "cpm.edge.sip.advertised-host", "10.1.2.3",
                "cpm.edge.msrp.host", "0.0.0.0",
                "cpm.edge.msrp.advertised-host", "10.1.2.3"));

        assertThat(new StackSipClient(edge.sip()).contactUri()).isEqualTo("sip:10.1.2.3:5060");
        var node = new MsrpNode(edge.msrp(), new SimpleMeterRegistry());
        assertThat(node.newUri().toString()).startsWith("msrp://10.1.2.3:");
    }

    private static EdgeProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("cpm.edge", EdgeProperties.class);
    }
}
