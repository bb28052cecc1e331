package net.cpmpf.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChartTest {

    static final List<String> CONSUMERS = List.of("cpm-policy", "cpm-delivery", "cpm-defer", "cpm-notification");
    static final List<String> SERVICES =
            List.of("cpm-sip-edge", "cpm-policy", "cpm-delivery", "cpm-defer", "cpm-notification");

    @Test
    void lintsCleanInStrictMode() {
        LintResult result = new Helm(Rendered.CHART).lint().strict().call();

        assertThat(result.isFailed()).as("%s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @Test
    void everyValueSetRendersToKnownFieldsOnly() {
        // Rendered.parse fails on any field the fabric8 model does not know.
        assertThat(Rendered.chart(null).resources).hasSizeGreaterThan(25);
        assertThat(Rendered.chart("values-production.yaml").resources).hasSizeGreaterThan(25);
        Rendered trial = Rendered.chart(
                null,
                "kafka.inCluster.enabled=true",
                "redis.inCluster.enabled=true",
                "metrics.serviceMonitor.enabled=true");
        assertThat(trial.find(StatefulSet.class, "cpm-kafka")).isPresent();
        assertThat(trial.find(StatefulSet.class, "cpm-redis")).isPresent();
    }

    @Test
    void edgeIsAStatefulSetServingSipOnUdpAndTcpAndMsrpOnTcp() {
        Rendered chart = Rendered.chart(null);
        StatefulSet edge = chart.get(StatefulSet.class, "cpm-sip-edge");

        assertThat(edge.getSpec().getServiceName()).isEqualTo("cpm-sip-edge-headless");
        for (String name : List.of("cpm-sip-edge", "cpm-sip-edge-headless")) {
            assertThat(ports(chart.get(Service.class, name))).as(name).contains("UDP/5060", "TCP/5060", "TCP/2855");
        }
        assertThat(chart.get(Service.class, "cpm-sip-edge-headless").getSpec().getClusterIP())
                .isEqualTo("None");
        assertThat(chart.all(Deployment.class))
                .noneMatch(d -> d.getMetadata().getName().contains("edge"));
    }

    @Test
    void sipOverTlsListensOnItsOwnPortWithTheKeyStoreFromASecret() {
        Rendered chart = Rendered.chart(
                null,
                "sipEdge.sip.tls.enabled=true",
                "sipEdge.sip.tls.existingSecret=edge-tls",
                "sipEdge.sip.tls.clientAuth=need");
        StatefulSet edge = chart.get(StatefulSet.class, "cpm-sip-edge");
        Container container = Rendered.onlyContainer(edge.getSpec().getTemplate());

        for (String name : List.of("cpm-sip-edge", "cpm-sip-edge-headless")) {
            assertThat(ports(chart.get(Service.class, name))).as(name).contains("TCP/5061", "UDP/5060");
        }
        assertThat(chart.get(ConfigMap.class, "cpm-sip-edge").getData())
                .containsEntry("CPM_EDGE_SIP_TRANSPORTS", "udp,tcp,tls")
                .containsEntry("CPM_EDGE_SIP_TLS_PORT", "5061")
                .containsEntry("CPM_EDGE_SIP_TLS_KEY_STORE", "/etc/cpm/tls/keystore.p12")
                .containsEntry("CPM_EDGE_SIP_TLS_TRUST_STORE", "/etc/cpm/tls/truststore.p12")
                .containsEntry("CPM_EDGE_SIP_TLS_CLIENT_AUTH", "need");
        var password = env(container, "CPM_EDGE_SIP_TLS_KEY_STORE_PASSWORD")
                .getValueFrom()
                .getSecretKeyRef();
        assertThat(password.getName()).isEqualTo("edge-tls");
        assertThat(password.getKey()).isEqualTo("password");
        assertThat(edge.getSpec().getTemplate().getSpec().getVolumes())
                .filteredOn(v -> v.getSecret() != null)
                .extracting(v -> v.getSecret().getSecretName())
                .containsExactly("edge-tls");
        assertThat(container.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getMountPath()).isEqualTo("/etc/cpm/tls");
            assertThat(m.getReadOnly()).isTrue();
        });
        assertThat(ports(Rendered.chart(null).get(Service.class, "cpm-sip-edge")))
                .doesNotContain("TCP/5061");
    }

    @Test
    void tlsWithoutItsSecretIsRefused() {
        assertThatThrownBy(() -> Rendered.chart(null, "sipEdge.sip.tls.enabled=true"))
                .hasMessageContaining("sipEdge.sip.tls.existingSecret");
    }

    @Test
    void eachEdgePodTakesItsReplyPartitionFromItsOrdinal() {
        Container byLabel = Rendered.onlyContainer(Rendered.chart(null)
                .get(StatefulSet.class, "cpm-sip-edge")
                .getSpec()
                .getTemplate());
        EnvVar partition = env(byLabel, "CPM_EDGE_BACKBONE_REPLY_PARTITION");
        assertThat(partition.getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("metadata.labels['apps.kubernetes.io/pod-index']");

        Container byHostname =
                Rendered.onlyContainer(Rendered.chart(null, "sipEdge.replyPartitionSource=hostnameOrdinal")
                        .get(StatefulSet.class, "cpm-sip-edge")
                        .getSpec()
                        .getTemplate());
        assertThat(String.join(" ", byHostname.getCommand()))
                .contains("CPM_EDGE_BACKBONE_REPLY_PARTITION=\"${HOSTNAME##*-}\"", "exec java");
    }

    @Test
    void edgePodsBindEveryInterfaceAndAdvertiseTheirOwnAddressUnlessToldOne() {
        Rendered defaults = Rendered.chart(null);
        Container edge = Rendered.onlyContainer(
                defaults.get(StatefulSet.class, "cpm-sip-edge").getSpec().getTemplate());
        for (String name : List.of("CPM_EDGE_SIP_ADVERTISED_HOST", "CPM_EDGE_MSRP_ADVERTISED_HOST")) {
            assertThat(env(edge, name).getValueFrom().getFieldRef().getFieldPath())
                    .isEqualTo("status.podIP");
        }
        assertThat(defaults.get(ConfigMap.class, "cpm-sip-edge").getData())
                .containsEntry("CPM_EDGE_SIP_HOST", "0.0.0.0")
                .containsEntry("CPM_EDGE_MSRP_HOST", "0.0.0.0");

        Rendered told = Rendered.chart(null, "sipEdge.advertisedHost=203.0.113.7");
        assertThat(told.get(ConfigMap.class, "cpm-sip-edge").getData())
                .containsEntry("CPM_EDGE_SIP_ADVERTISED_HOST", "203.0.113.7")
                .containsEntry("CPM_EDGE_MSRP_ADVERTISED_HOST", "203.0.113.7");
        assertThat(Rendered.onlyContainer(told.get(StatefulSet.class, "cpm-sip-edge")
                                .getSpec()
                                .getTemplate())
                        .getEnv())
                .extracting(EnvVar::getName)
                .doesNotContain("CPM_EDGE_SIP_ADVERTISED_HOST", "CPM_EDGE_MSRP_ADVERTISED_HOST");
    }

    @Test
    void moreEdgesOrConsumersThanPartitionsAreRefused() {
        assertThatThrownBy(() -> Rendered.chart(null, "sipEdge.replicas=17"))
                .hasMessageContaining("exceeds kafka.edgeCommandPartitions");
        assertThatThrownBy(() -> Rendered.chart(null, "policy.hpa.maxReplicas=13"))
                .hasMessageContaining("exceeds kafka.partitions");
    }

    @Test
    void everyServiceContainerIsProbedSecuredAndBounded() {
        for (String values : new String[] {null, "values-production.yaml"}) {
            Map<String, PodTemplateSpec> pods = Rendered.chart(values).podTemplates();
            assertThat(pods.keySet()).containsExactlyInAnyOrderElementsOf(SERVICES);
            pods.forEach((name, pod) -> {
                Container c = Rendered.onlyContainer(pod);
                assertThat(c.getLivenessProbe().getHttpGet().getPath()).as(name).isEqualTo("/livez");
                assertThat(c.getReadinessProbe().getHttpGet().getPath())
                        .as(name)
                        .isEqualTo("/readyz");
                assertThat(c.getSecurityContext().getReadOnlyRootFilesystem())
                        .as(name)
                        .isTrue();
                assertThat(c.getSecurityContext().getAllowPrivilegeEscalation())
                        .as(name)
                        .isFalse();
                assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot())
                        .as(name)
                        .isTrue();
                assertThat(c.getResources().getRequests()).as(name).containsKeys("cpu", "memory");
                assertThat(c.getResources().getLimits()).as(name).containsKeys("memory");
                // The services' graceful shutdown phase is 20 s.
                assertThat(pod.getSpec().getTerminationGracePeriodSeconds())
                        .as(name)
                        .isGreaterThan(20);
                assertThat(c.getImage()).as(name).matches("ghcr\\.io/cpmpf/[a-z-]+-service:0\\.1\\.0");
            });
        }
    }

    @Test
    void autoscalersTargetTheConsumerDeployments() {
        for (String values : new String[] {null, "values-production.yaml"}) {
            Rendered chart = Rendered.chart(values);
            List<String> targets = new ArrayList<>();
            for (HorizontalPodAutoscaler hpa : chart.all(HorizontalPodAutoscaler.class)) {
                var ref = hpa.getSpec().getScaleTargetRef();
                assertThat(ref.getKind()).isEqualTo("Deployment");
                Deployment target = chart.get(Deployment.class, ref.getName());
                // The HPA owns the replica count.
                assertThat(target.getSpec().getReplicas()).isNull();
                assertThat(hpa.getSpec().getMaxReplicas()).isLessThanOrEqualTo(12);
                targets.add(ref.getName());
            }
            assertThat(targets).containsExactlyInAnyOrderElementsOf(CONSUMERS);
        }
    }

    @Test
    void productionEdgeHasItsWholeHeapFromTheStartAndTheMemoryForIt() {
        Rendered production = Rendered.chart("values-production.yaml");

        assertThat(production.get(ConfigMap.class, "cpm-sip-edge").getData().get("JAVA_TOOL_OPTIONS"))
                .contains("-XX:InitialRAMPercentage=75", "-XX:MaxRAMPercentage=75", "-XX:+AlwaysPreTouch");
        var resources = Rendered.onlyContainer(production
                        .get(StatefulSet.class, "cpm-sip-edge")
                        .getSpec()
                        .getTemplate())
                .getResources();
        assertThat(resources.getRequests().get("memory"))
                .as("a heap touched at start is resident from the start")
                .isEqualTo(resources.getLimits().get("memory"));
    }

    @Test
    void productionHasNoLabRegistrarReplicatesTopicsAndReadsSecretsFromSecrets() throws IOException {
        Rendered production = Rendered.chart("values-production.yaml");

        assertThat(production.get(ConfigMap.class, "cpm-sip-edge").getData())
                .containsEntry("CPM_EDGE_REGISTRAR_ENABLED", "false");
        assertThat(production.get(ConfigMap.class, "cpm-common").getData())
                .containsEntry("CPM_BACKBONE_REPLICATION_FACTOR", "3");
        assertThat(production.all(Secret.class)).isEmpty();
        Container delivery = Rendered.onlyContainer(
                production.get(Deployment.class, "cpm-delivery").getSpec().getTemplate());
        assertThat(env(delivery, "CPM_DELIVERY_STORE_PASSWORD")
                        .getValueFrom()
                        .getSecretKeyRef()
                        .getName())
                .isEqualTo("cpm-imap");
        production.all(ConfigMap.class).forEach(cm -> assertThat(cm.getData().keySet())
                .as(cm.getMetadata().getName())
                .noneMatch(k -> k.contains("PASSWORD") || k.contains("SECRET")));

        JsonNode values = new ObjectMapper(new YAMLFactory())
                .readTree(Rendered.CHART.resolve("values-production.yaml").toFile());
        assertThat(values.findValues("password")).as("an inlined password").isEmpty();
        assertThat(values.findValues("secret")).isEmpty();
        assertThat(values.findValues("token")).isEmpty();
    }

    @Test
    void inClusterRedisKeepsAnAppendOnlyFile() {
        StatefulSet redis = Rendered.chart(null, "redis.inCluster.enabled=true").get(StatefulSet.class, "cpm-redis");

        assertThat(String.join(
                        " ",
                        Rendered.onlyContainer(redis.getSpec().getTemplate()).getArgs()))
                .contains("--appendonly yes", "--appendfsync everysec");
        assertThat(Rendered.chart(null, "redis.inCluster.enabled=true")
                        .get(ConfigMap.class, "cpm-common")
                        .getData())
                .containsEntry("SPRING_DATA_REDIS_HOST", "cpm-redis");
    }

    static List<String> ports(Service service) {
        return service.getSpec().getPorts().stream().map(ChartTest::port).toList();
    }

    private static String port(ServicePort p) {
        return p.getProtocol() + "/" + p.getPort();
    }

    static EnvVar env(Container container, String name) {
        return container.getEnv().stream()
                .filter(e -> e.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " not set on " + container.getName()));
    }
}
