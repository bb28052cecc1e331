package net.cpmpf.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LocalSettingsTest {

    private static final String[] KEYS = {"cpm.local.services", "cpm.local.infrastructure", "cpm.local.kafka-dir"};

    @AfterEach
    void clear() {
        for (String key : KEYS) {
            System.clearProperty(key);
        }
    }

    @Test
    void defaultsRunEverythingWithATemporaryBrokerLog() {
        var settings = LocalSettings.fromSystemProperties();

        assertThat(settings.services()).isTrue();
        assertThat(settings.parts()).containsExactlyInAnyOrder(LocalSettings.Part.values());
        assertThat(settings.kafkaDirectory()).isEmpty();
    }

    @Test
    void infrastructureOnlyWithChosenPartsAndAPersistentBrokerLog() {
        System.setProperty("cpm.local.services", "none");
        System.setProperty("cpm.local.infrastructure", " kafka , IMAP");
        System.setProperty("cpm.local.kafka-dir", "/tmp/broker");

        var settings = LocalSettings.fromSystemProperties();

        assertThat(settings.services()).isFalse();
        assertThat(settings.parts()).isEqualTo(Set.of(LocalSettings.Part.KAFKA, LocalSettings.Part.IMAP));
        assertThat(settings.runs(LocalSettings.Part.REDIS)).isFalse();
        assertThat(settings.kafkaDirectory()).isEqualTo(Optional.of(Path.of("/tmp/broker")));
    }

    @Test
    void refusesUnknownValuesAndServicesWithoutTheirInfrastructure() {
        System.setProperty("cpm.local.infrastructure", "kafka,zookeeper");
        assertThatThrownBy(LocalSettings::fromSystemProperties).hasMessageContaining("unknown part zookeeper");

        System.setProperty("cpm.local.infrastructure", "kafka");
        assertThatThrownBy(LocalSettings::fromSystemProperties).hasMessageContaining("need every infrastructure part");

        System.setProperty("cpm.local.services", "some");
        assertThatThrownBy(LocalSettings::fromSystemProperties).hasMessageContaining("all or none");
    }
}
