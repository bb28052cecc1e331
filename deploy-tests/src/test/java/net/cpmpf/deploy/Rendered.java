package net.cpmpf.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** Manifests rendered by the chart (or read from k8s/), parsed by fabric8 with every field known to its model. */
final class Rendered {

    static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    static final Path CHART = REPO.resolve("helm/cpm");
    static final Path K8S = REPO.resolve("k8s");
    static final String RELEASE = "cpm";
    /** The oldest Kubernetes the chart supports (the pod-index label of StatefulSet pods). */
    static final String KUBE_VERSION = "1.28.0";

    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
    private static final Map<String, Rendered> CACHE = new ConcurrentHashMap<>();

    final List<HasMetadata> resources;

    private Rendered(List<HasMetadata> resources) {
        this.resources = List.copyOf(resources);
    }

    /** The chart with its defaults, an optional values file of the chart and --set pairs ("key=value"). */
    static Rendered chart(String valuesFile, String... sets) {
        String key = valuesFile + " " + String.join(" ", sets);
        return CACHE.computeIfAbsent(key, k -> {
            TemplateCommand template =
                    new Helm(CHART).template().withName(RELEASE).withKubeVersion(KUBE_VERSION);
            if (valuesFile != null) {
                template.withValuesFile(CHART.resolve(valuesFile));
            }
            for (String set : sets) {
                String[] pair = set.split("=", 2);
                template.set(pair[0], pair[1]);
            }
            return new Rendered(parse(template.call()));
        });
    }

    static Rendered files(List<Path> files) {
        List<HasMetadata> all = new ArrayList<>();
        for (Path file : files) {
            try {
                all.addAll(parse(Files.readString(file)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new Rendered(all);
    }

    /** Parses a multi-document YAML stream strictly: no field the fabric8 model does not know. */
    static List<HasMetadata> parse(String yaml) {
        List<HasMetadata> out = new ArrayList<>();
        for (String document : DOCUMENT_SEPARATOR.split(yaml)) {
            if (document.lines().allMatch(l -> l.isBlank() || l.stripLeading().startsWith("#"))) {
                continue;
            }
            HasMetadata resource = Serialization.unmarshal(document, HasMetadata.class);
            if (resource instanceof GenericKubernetesResource generic) {
                // Only CRD kinds fabric8 has no model for are generic; their fields cannot be checked here.
                assertThat(generic.getKind()).as("kind without a model").isIn("ServiceMonitor");
            } else {
                StrictModel.assertNoUnknownFields(resource);
            }
            out.add(resource);
        }
        return out;
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T get(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new AssertionError(type.getSimpleName() + " " + name + " missing"));
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream()
                .filter(r -> r.getMetadata().getName().equals(name))
                .findFirst();
    }

    /** Pod templates of every workload, by workload name. */
    Map<String, PodTemplateSpec> podTemplates() {
        Map<String, PodTemplateSpec> out = new java.util.TreeMap<>();
        all(Deployment.class)
                .forEach(d -> out.put(d.getMetadata().getName(), d.getSpec().getTemplate()));
        all(StatefulSet.class)
                .forEach(s -> out.put(s.getMetadata().getName(), s.getSpec().getTemplate()));
        return out;
    }

    static Container onlyContainer(PodTemplateSpec template) {
        assertThat(template.getSpec().getContainers()).hasSize(1);
        return template.getSpec().getContainers().get(0);
    }
}
