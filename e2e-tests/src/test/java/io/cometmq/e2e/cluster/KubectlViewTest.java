package io.cometmq.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The renderer against output captured from a real kubectl (the real-cluster trial's {@code kubectl describe bc ha}
 * and {@code kubectl get bc}), and the printer columns of the CRD in {@code crds/}.
 */
class KubectlViewTest {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final Path REPO = Path.of(System.getProperty("repo.dir", "..")).toAbsolutePath().normalize();
    static final Instant CREATED = Instant.parse("2026-12-07T04:48:00Z");

    @Test
    void describeMatchesKubectlForTheStatusBlock() throws Exception {
        String described = KubectlView.describe(resource("ha-cluster.yaml"), List.of(), CREATED.plusSeconds(60));
        String expected = text("describe-status.txt");
        // kubectl aligns Status with the rest of the document; the captured part is the status block to the end
        assertThat(described.substring(described.indexOf("Status:\n"))).isEqualTo(expected);
        assertThat(described).startsWith("""
                Name:         ha
                Namespace:    ha
                Labels:       <none>
                Annotations:  <none>
                API Version:  cometmq.io/v1alpha1
                Kind:         BrokerCluster
                Metadata:
                  Creation Timestamp:  2026-12-07T04:48:00Z
                  Generation:          1
                  Resource Version:    1234
                  UID:                 0b5f0c1e-0000-4000-8000-000000000001
                Spec:
                  Broker:
                    Groups:            1
                    Slaves Per Group:  1
                """).doesNotContain("Managed Fields").doesNotContain("last-applied-configuration");
    }

    @Test
    void eventsAreATableOfTheirOwnOldestFirst() throws Exception {
        Instant now = CREATED.plusSeconds(200);
        String described = KubectlView.describe(resource("ha-cluster.yaml"), List.of(
                new KubectlView.Event("Normal", "ClusterReady", CREATED.plusSeconds(16), CREATED.plusSeconds(16), 1,
                        "cometmq-operator", "Cluster is ready"),
                new KubectlView.Event("Normal", "Created", CREATED, CREATED, 1, "cometmq-operator", "Created ha"),
                new KubectlView.Event("Warning", "ScaleDownRefused", CREATED.plusSeconds(20),
                        CREATED.plusSeconds(80), 3, "cometmq-operator", "group 1 is not drained\n")), now);
        assertThat(described).endsWith("""
                Events:
                  Type     Reason            Age              From              Message
                  ----     ------            ----             ----              -------
                  Normal   Created           3m20s            cometmq-operator  Created ha
                  Normal   ClusterReady      3m4s             cometmq-operator  Cluster is ready
                  Warning  ScaleDownRefused  2m (x3 over 3m)  cometmq-operator  group 1 is not drained
                """);
    }

    @Test
    void getUsesTheCrdPrinterColumnsLikeTheCapturedTable() throws Exception {
        List<KubectlView.Column> columns = crdColumns();
        assertThat(columns).extracting(KubectlView.Column::name)
                .containsExactly("Ready", "NameServers", "Groups", "Phase", "Masters", "Age");
        Map<String, Object> starting = resource("ha-cluster.yaml");
        starting.put("metadata", Map.of("name", "dev", "creationTimestamp", "2026-12-07T04:48:00Z"));
        starting.put("status", Map.of("conditions", List.of(Map.of("type", "Ready", "status", "False")),
                "nameServers", "0/1", "groupsReady", "0/1", "phase", "Creating"));
        Map<String, Object> ready = resource("ha-cluster.yaml");
        ready.put("metadata", Map.of("name", "dev", "creationTimestamp", "2026-12-07T04:48:00Z"));
        ready.put("status", Map.of("conditions", List.of(Map.of("type", "Progressing", "status", "False"),
                Map.of("type", "Ready", "status", "True")), "nameServers", "1/1", "groupsReady", "1/1",
                "phase", "Running", "masters", "0=dev-broker-0-master-0"));
        String table = KubectlView.table(KubectlView.getHeader(columns), List.of(
                KubectlView.getRow(starting, columns, CREATED.plusSeconds(6)),
                KubectlView.getRow(ready, columns, CREATED.plusSeconds(16))));
        // as printed by kubectl get bc -n demo -w on the real-cluster trial, plus the MASTERS column of issue #12
        assertThat(table).isEqualTo("""
                NAME   READY   NAMESERVERS   GROUPS   PHASE      MASTERS                   AGE
                dev    False   0/1           0/1      Creating   <none>                    6s
                dev    True    1/1           1/1      Running    0=dev-broker-0-master-0   16s
                """);
    }

    @Test
    void aMissingFieldPrintsNone() {
        List<KubectlView.Column> columns = List.of(new KubectlView.Column("Phase", ".status.phase", "string"));
        assertThat(KubectlView.getRow(Map.of("metadata", Map.of("name", "x")), columns, CREATED))
                .isEqualTo("x\t<none>");
    }

    @Test
    void labelsFollowKubectl() {
        assertThat(KubectlView.label("nameServerAddress")).isEqualTo("Name Server Address");
        assertThat(KubectlView.label("apiVersion")).isEqualTo("API Version");
        assertThat(KubectlView.label("uid")).isEqualTo("UID");
        assertThat(KubectlView.label("brokerIP1")).isEqualTo("brokerIP1");
        assertThat(KubectlView.label("vm.swappiness")).isEqualTo("vm.swappiness");
        assertThat(KubectlView.label("haListenPort")).isEqualTo("Ha Listen Port");
    }

    @Test
    void agesAreKubectlHumanDurations() {
        assertThat(HumanDuration.of(Duration.ofSeconds(16))).isEqualTo("16s");
        assertThat(HumanDuration.of(Duration.ofSeconds(119))).isEqualTo("119s");
        assertThat(HumanDuration.of(Duration.ofSeconds(303))).isEqualTo("5m3s");
        assertThat(HumanDuration.of(Duration.ofMinutes(10))).isEqualTo("10m");
        assertThat(HumanDuration.of(Duration.ofMinutes(200))).isEqualTo("3h20m");
        assertThat(HumanDuration.of(Duration.ofHours(30))).isEqualTo("30h");
        assertThat(HumanDuration.of(Duration.ofHours(53))).isEqualTo("2d5h");
        assertThat(HumanDuration.of(Duration.ofDays(30))).isEqualTo("30d");
    }

    @SuppressWarnings("unchecked")
    static List<KubectlView.Column> crdColumns() throws Exception {
        Map<String, Object> crd = YAML.readValue(REPO.resolve("crds/brokerclusters.cometmq.io-v1.yml").toFile(),
                Map.class);
        Map<String, Object> spec = (Map<String, Object>) crd.get("spec");
        return KubectlView.Column.fromCrdVersion(((List<Map<String, Object>>) spec.get("versions")).get(0));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> resource(String name) throws Exception {
        try (InputStream in = KubectlViewTest.class.getResourceAsStream("/kubectl/" + name)) {
            return YAML.readValue(in, Map.class);
        }
    }

    static String text(String name) throws Exception {
        try (InputStream in = KubectlViewTest.class.getResourceAsStream("/kubectl/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
