package net.cpmpf.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * k8s/ is kept in step with the chart: the base is the chart rendered with its defaults (without the dashboard
 * ConfigMap), the production overlay patches what values-production.yaml changes. Kustomize is not available here,
 * so the overlay's patches are checked structurally and its ConfigMap patches merged by hand.
 */
class ManifestsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path BASE = Rendered.K8S.resolve("base");
    private static final Path PRODUCTION = Rendered.K8S.resolve("overlays/production");

    @Test
    void everyFileAKustomizationNamesExistsAndParses() throws IOException {
        for (Path dir : List.of(BASE, PRODUCTION)) {
            List<Path> files = referenced(dir, "resources");
            files.addAll(referenced(dir, "patches"));
            assertThat(files).as(dir.toString()).isNotEmpty();
            for (Path file : files) {
                if (Files.isDirectory(file)) {
                    assertThat(file.resolve("kustomization.yaml")).exists();
                } else {
                    assertThat(file).exists();
                    Rendered.files(List.of(file));
                }
            }
        }
    }

    @Test
    void baseMatchesTheChartDefaults() throws IOException {
        Rendered base = Rendered.files(referenced(BASE, "resources"));
        Rendered chart = Rendered.chart(null, "metrics.dashboard.enabled=false");

        assertThat(shape(base)).isEqualTo(shape(chart));
    }

    @Test
    void productionOverlayPatchesWhatProductionValuesChange() throws IOException {
        Rendered base = Rendered.files(referenced(BASE, "resources"));
        Rendered patches = Rendered.files(referenced(PRODUCTION, "patches"));
        Rendered production = Rendered.chart("values-production.yaml");

        for (HasMetadata patch : patches.resources) {
            assertThat(base.find(patch.getClass(), patch.getMetadata().getName()))
                    .as(
                            "patch target %s %s",
                            patch.getKind(), patch.getMetadata().getName())
                    .isPresent();
        }
        for (ConfigMap cm : base.all(ConfigMap.class)) {
            String name = cm.getMetadata().getName();
            Map<String, String> merged = new TreeMap<>(cm.getData());
            patches.find(ConfigMap.class, name).ifPresent(p -> merged.putAll(p.getData()));
            assertThat(merged)
                    .as(name)
                    .isEqualTo(
                            new TreeMap<>(production.get(ConfigMap.class, name).getData()));
        }
        assertThat(patches.get(ConfigMap.class, "cpm-sip-edge").getData())
                .containsEntry("CPM_EDGE_REGISTRAR_ENABLED", "false");
        for (HorizontalPodAutoscaler hpa : patches.all(HorizontalPodAutoscaler.class)) {
            var expected = production
                    .get(HorizontalPodAutoscaler.class, hpa.getMetadata().getName())
                    .getSpec();
            assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(expected.getMinReplicas());
            assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(expected.getMaxReplicas());
        }
        assertThat(patches.all(HorizontalPodAutoscaler.class))
                .hasSameSizeAs(production.all(HorizontalPodAutoscaler.class));
        assertThat(patches.get(StatefulSet.class, "cpm-sip-edge").getSpec().getReplicas())
                .isEqualTo(production
                        .get(StatefulSet.class, "cpm-sip-edge")
                        .getSpec()
                        .getReplicas());
        assertThat(patches.get(Service.class, "cpm-sip-edge").getSpec().getType())
                .isEqualTo(
                        production.get(Service.class, "cpm-sip-edge").getSpec().getType());
        Container delivery = Rendered.onlyContainer(
                patches.get(io.fabric8.kubernetes.api.model.apps.Deployment.class, "cpm-delivery")
                        .getSpec()
                        .getTemplate());
        assertThat(ChartTest.env(delivery, "CPM_DELIVERY_STORE_PASSWORD")
                        .getValueFrom()
                        .getSecretKeyRef())
                .isEqualTo(ChartTest.env(
                                Rendered.onlyContainer(production
                                        .get(io.fabric8.kubernetes.api.model.apps.Deployment.class, "cpm-delivery")
                                        .getSpec()
                                        .getTemplate()),
                                "CPM_DELIVERY_STORE_PASSWORD")
                        .getValueFrom()
                        .getSecretKeyRef());
    }

    @Test
    void productionOverlayReadsTheApiTokenFromTheSameSecretAsTheChart() throws IOException {
        Rendered patches = Rendered.files(referenced(PRODUCTION, "patches"));
        Rendered production = Rendered.chart("values-production.yaml");

        var workloads = production.podTemplates();
        assertThat(workloads).hasSize(5);
        workloads.forEach((name, pod) -> {
            var expected = ChartTest.env(Rendered.onlyContainer(pod), "CPM_API_TOKENS_0")
                    .getValueFrom()
                    .getSecretKeyRef();
            assertThat(expected.getName()).as(name).isEqualTo("cpm-api");
            var patched = patches.podTemplates().get(name);
            assertThat(patched).as("a patch of " + name).isNotNull();
            assertThat(ChartTest.env(Rendered.onlyContainer(patched), "CPM_API_TOKENS_0")
                            .getValueFrom()
                            .getSecretKeyRef())
                    .as(name)
                    .isEqualTo(expected);
        });
    }

    /** What must agree between chart and manifests: kinds and names, ports, images, env and ConfigMap keys. */
    private static Map<String, Object> shape(Rendered rendered) {
        Map<String, Object> shape = new TreeMap<>();
        for (HasMetadata r : rendered.resources) {
            shape.put(
                    r.getKind() + "/" + r.getMetadata().getName(),
                    r.getMetadata().getLabels().get("app.kubernetes.io/component"));
        }
        rendered.all(Service.class)
                .forEach(s -> shape.put("ports of service " + s.getMetadata().getName(), ChartTest.ports(s)));
        rendered.all(ConfigMap.class)
                .forEach(cm -> shape.put(
                        "keys of " + cm.getMetadata().getName(),
                        new TreeSet<>(cm.getData().keySet())));
        rendered.podTemplates().forEach((name, pod) -> {
            Container c = Rendered.onlyContainer(pod);
            shape.put("image of " + name, c.getImage());
            shape.put(
                    "ports of " + name,
                    c.getPorts().stream()
                            .map(p -> p.getProtocol() + "/" + p.getContainerPort())
                            .toList());
            List<String> env = c.getEnv().stream().map(EnvVar::getName).toList();
            shape.put("env of " + name, env);
            Map<String, Object> probes = new HashMap<>();
            probes.put("liveness", c.getLivenessProbe().getHttpGet().getPath());
            probes.put("readiness", c.getReadinessProbe().getHttpGet().getPath());
            shape.put("probes of " + name, probes);
        });
        return shape;
    }

    private static List<Path> referenced(Path dir, String field) throws IOException {
        JsonNode kustomization = YAML.readTree(dir.resolve("kustomization.yaml").toFile());
        List<Path> files = new ArrayList<>();
        for (JsonNode entry : kustomization.path(field)) {
            files.add(dir.resolve(
                            entry.isTextual()
                                    ? entry.asText()
                                    : entry.path("path").asText())
                    .normalize());
        }
        return files;
    }
}
