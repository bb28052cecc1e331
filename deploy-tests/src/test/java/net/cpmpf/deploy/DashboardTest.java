package net.cpmpf.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DashboardTest {

    private static final Path DASHBOARD = Rendered.CHART.resolve("dashboards/cpm.json");
    private static final Path METRICS = Rendered.CHART.resolve("dashboards/metrics.txt");

    /** PromQL functions and aggregations the dashboard may call. */
    private static final Set<String> FUNCTIONS = Set.of(
            "sum",
            "max",
            "min",
            "avg",
            "count",
            "rate",
            "irate",
            "increase",
            "histogram_quantile",
            "topk",
            "label_values",
            "clamp_min");

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern GROUPING =
            Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    /** Grafana's label_values(metric, label): the second argument is a label name. */
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(([^,()]+),\\s*\\w+\\s*\\)");

    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?\\w+}?");
    private static final Pattern IDENTIFIER = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");

    @Test
    void everyQueryUsesOnlyListedMetrics() throws IOException {
        Set<String> listed = listedMetrics();
        Set<String> used = new LinkedHashSet<>();
        for (String expr : expressions()) {
            Set<String> names = metricNames(expr);
            assertThat(names).as(expr).isNotEmpty();
            assertThat(listed).as("metrics.txt lacks a name used by %s", expr).containsAll(names);
            used.addAll(names);
        }
        assertThat(used).as("listed but never queried").containsExactlyInAnyOrderElementsOf(listed);
    }

    @Test
    void queriesCoverTheAnnouncedServiceMeters() throws IOException {
        assertThat(listedMetrics())
                .contains(
                        "cpm_edge_decision_seconds_count",
                        "cpm_edge_backbone_pending",
                        "cpm_edge_fork_outcomes_total",
                        "cpm_edge_fork_branches_count",
                        "cpm_edge_originated_total",
                        "cpm_delivery_routed_total",
                        "cpm_delivery_outcomes_total",
                        "cpm_delivery_store_appends_total",
                        "cpm_defer_stored_total",
                        "cpm_defer_expired_total",
                        "cpm_defer_redelivered_total",
                        "cpm_notification_sent_total",
                        "kafka_consumer_fetch_manager_records_lag_max",
                        "resilience4j_circuitbreaker_state");
    }

    @Test
    void theNameExtractionSkipsLabelsFunctionsAndVariables() {
        assertThat(metricNames(
                        "sum by (outcome) (rate(a_total{namespace=\"$namespace\", x=~\"y|z\"}[$__rate_interval]))"
                                + " / on(pod) group_left(app) max(b_seconds_max)"))
                .containsExactly("a_total", "b_seconds_max");
    }

    @Test
    void theChartShipsTheDashboardToTheGrafanaSidecar() throws IOException {
        ConfigMap dashboard = Rendered.chart(null).get(ConfigMap.class, "cpm-dashboard");

        assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(dashboard.getData().get("cpm.json"))).isEqualTo(json.readTree(DASHBOARD.toFile()));
        assertThat(Rendered.chart(null, "metrics.dashboard.enabled=false").find(ConfigMap.class, "cpm-dashboard"))
                .isEmpty();
    }

    @Test
    void theServiceMonitorScrapesPrometheusEndpointsOnlyWhenEnabled() {
        assertThat(Rendered.chart(null).all(GenericKubernetesResource.class)).isEmpty();

        GenericKubernetesResource monitor = Rendered.chart(null, "metrics.serviceMonitor.enabled=true")
                .all(GenericKubernetesResource.class)
                .get(0);
        assertThat(monitor.getKind()).isEqualTo("ServiceMonitor");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> endpoints = (List<Map<String, Object>>)
                ((Map<String, Object>) monitor.getAdditionalProperties().get("spec")).get("endpoints");
        assertThat(endpoints).singleElement().satisfies(e -> {
            assertThat(e).containsEntry("port", "http").containsEntry("path", "/actuator/prometheus");
        });
    }

    static Set<String> metricNames(String expr) {
        String s = STRING.matcher(expr).replaceAll("\"\"");
        s = MATCHERS.matcher(s).replaceAll("");
        s = GROUPING.matcher(s).replaceAll("");
        s = LABEL_VALUES.matcher(s).replaceAll("label_values($1)");
        s = RANGE.matcher(s).replaceAll("");
        s = VARIABLE.matcher(s).replaceAll("");
        Set<String> names = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            if (m.group(2) != null) {
                assertThat(FUNCTIONS).as("function in %s", expr).contains(m.group(1));
            } else {
                names.add(m.group(1));
            }
        }
        return names;
    }

    private static List<String> expressions() throws IOException {
        JsonNode root = new ObjectMapper().readTree(DASHBOARD.toFile());
        List<String> exprs = new java.util.ArrayList<>();
        root.findValues("expr").forEach(n -> exprs.add(n.asText()));
        root.path("templating").path("list").forEach(v -> {
            if (v.path("query").has("query")) {
                exprs.add(v.path("query").path("query").asText());
            }
        });
        assertThat(exprs).hasSizeGreaterThan(15);
        return exprs;
    }

    private static Set<String> listedMetrics() throws IOException {
        Set<String> names = new LinkedHashSet<>();
        for (String line : Files.readAllLines(METRICS)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                assertThat(names.add(line.strip())).as("listed twice: %s", line).isTrue();
            }
        }
        return names;
    }
}
