package net.cpmpf.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StrictModelTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: d}
            spec:
              template:
                spec:
                  containers:
                    - name: c
                      %s
            """;

    @Test
    void knownFieldsPass() {
        assertThat(Rendered.parse(DEPLOYMENT.formatted("readinessProbe: {httpGet: {path: /readyz, port: http}}")))
                .hasSize(1);
    }

    @Test
    void aMisspeltOrMisplacedFieldFails() {
        assertThatThrownBy(() -> Rendered.parse(DEPLOYMENT.formatted("readinesProbe: {httpGet: {path: /readyz}}")))
                .hasMessageContaining("unknown fields")
                .hasMessageContaining("readinesProbe");
        assertThatThrownBy(() -> Rendered.parse(DEPLOYMENT.formatted("readinessProbe: {path: /readyz}")))
                .hasMessageContaining("readinessProbe")
                .hasMessageContaining("[path]");
    }
}
