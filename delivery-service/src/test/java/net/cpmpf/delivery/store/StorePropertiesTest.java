package net.cpmpf.delivery.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class StorePropertiesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(StoreConfiguration.class)
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new);

    @Test
    void defaultsPointAtTheLocalStacksGreenMail() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(MessageStore.class);
            var properties = context.getBean(StoreProperties.class);
            assertThat(properties.address()).isEqualTo("127.0.0.1:3143");
            assertThat(properties.ssl()).isFalse();
            assertThat(properties.usernameTemplate()).isEqualTo("{user}");
            assertThat(properties.password()).isEqualTo("cpm");
            assertThat(properties.masterUser()).isEmpty();
            assertThat(properties.storeFolder()).isEqualTo("INBOX");
            assertThat(properties.historyFolder()).isEqualTo("History");
            assertThat(properties.defaultConversation()).isEqualTo("pager");
            assertThat(properties.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
            assertThat(properties.readTimeout()).isEqualTo(Duration.ofSeconds(2));
            assertThat(properties.writeTimeout()).isEqualTo(Duration.ofSeconds(2));
            assertThat(properties.breaker()).isEqualTo(new StoreProperties.Breaker(50, 10, 5, Duration.ofSeconds(10)));
        });
    }

    @Test
    void badValuesStopTheStartWithTheirReason() {
        expectFailure("cpm.delivery.store.port=70000", "port must be 1..65535: 70000");
        expectFailure("cpm.delivery.store.host= ", "host must not be blank");
        expectFailure("cpm.delivery.store.username-template=pf", "username-template must contain {user}: pf");
        expectFailure("cpm.delivery.store.read-timeout=0s", "read-timeout must be positive: PT0S");
        expectFailure(
                "cpm.delivery.store.breaker.failure-rate-threshold=0",
                "breaker.failure-rate-threshold must be in (0, 100]: 0.0");
    }

    @Test
    void theLoginIsTheAddressWithoutSchemeThroughTheTemplate() {
        assertThat(properties("{user}", "").username("sip:bob@Example.COM;transport=tcp"))
                .isEqualTo("bob@example.com");
        assertThat(properties("{user}", "").username("tel:+4711")).isEqualTo("+4711");
        assertThat(properties("cpm-{user}", "").username("sip:bob@example.com")).isEqualTo("cpm-bob@example.com");
        assertThat(properties("{user}", "pf").username("sip:bob@example.com")).isEqualTo("bob@example.com*pf");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> properties("{user}", "").username("mailto:bob@x"));
    }

    @Test
    void thePasswordStaysOutOfTheText() {
        assertThat(properties("{user}", "").toString()).doesNotContain("s3cret").contains("127.0.0.1:3143");
    }

    private void expectFailure(String property, String reason) {
        runner.withPropertyValues(property).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessage(reason);
        });
    }

    private static StoreProperties properties(String template, String masterUser) {
        return new StoreProperties(
                "127.0.0.1",
                3143,
                false,
                template,
                "s3cret",
                masterUser,
                "INBOX",
                "History",
                "pager",
                "Deferred",
                Duration.ofSeconds(2),
                Duration.ofSeconds(2),
                Duration.ofSeconds(2),
                new StoreProperties.Breaker(50, 10, 5, Duration.ofSeconds(10)));
    }
}
