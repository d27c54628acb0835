package io.cometmq.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpecsTest {
    static final Path REPO = Path.of(System.getProperty("repo.dir", "..")).toAbsolutePath().normalize();
    static final E2eEnvironment ENV = new E2eEnvironment(Path.of("kubeconfig"), "t1", "reg/cometmq/", Optional.empty(),
            REPO);

    @Test
    @SuppressWarnings("unchecked")
    void devExampleGetsThisRunsImagesAndNothingElse() throws Exception {
        Map<String, Object> example = Specs.YAML.readValue(REPO.resolve("examples/dev-cluster.yaml").toFile(),
                Map.class);
        Map<String, Object> dev = Specs.devExample(REPO, ENV);
        Map<String, Object> images = (Map<String, Object>) Specs.spec(dev).get("images");
        assertThat(images).containsEntry("nameServer", "reg/cometmq/nameserver:t1")
                .containsEntry("broker", "reg/cometmq/broker:t1");
        ((Map<String, Object>) Specs.spec(example).get("images")).putAll(images);
        assertThat(dev).isEqualTo(example);
    }

    @Test
    @SuppressWarnings("unchecked")
    void masterSlaveVariantHasASyncSlaveOnVolumes() throws Exception {
        Map<String, Object> dev = Specs.devExample(REPO, ENV);
        Map<String, Object> ha = Specs.masterSlave(dev, "ha", Optional.of("fast"));
        assertThat(((Map<String, Object>) ha.get("metadata")).get("name")).isEqualTo("ha");
        Map<String, Object> broker = (Map<String, Object>) Specs.spec(ha).get("broker");
        assertThat(broker).containsEntry("slavesPerGroup", 1).containsEntry("replicationMode", "SYNC");
        assertThat((Map<String, Object>) broker.get("storage")).containsEntry("ephemeral", false)
                .containsEntry("storageClassName", "fast").containsEntry("size", "2Gi");
        assertThat((Map<String, Object>) broker.get("config")).containsEntry("mappedFileSizeCommitLog", "134217728");
        // the dev example itself is untouched
        assertThat(((Map<String, Object>) dev.get("metadata")).get("name")).isEqualTo("dev");
        assertThat((Map<String, Object>) Specs.spec(dev).get("broker")).containsEntry("slavesPerGroup", 0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void failoverVariantHasASyncSlaveAndAShortUnavailableForOnEmptyDir() throws Exception {
        Map<String, Object> dev = Specs.devExample(REPO, ENV);
        Map<String, Object> fz = Specs.failover(dev, "fz", "20s");
        assertThat(((Map<String, Object>) fz.get("metadata")).get("name")).isEqualTo("fz");
        Map<String, Object> broker = (Map<String, Object>) Specs.spec(fz).get("broker");
        assertThat(broker).containsEntry("slavesPerGroup", 1).containsEntry("replicationMode", "SYNC")
                .containsEntry("failover", Map.of("enabled", true, "unavailableFor", "20s"));
        assertThat((Map<String, Object>) broker.get("storage")).containsEntry("ephemeral", true);
        assertThat((Map<String, Object>) broker.get("config")).containsEntry("mappedFileSizeCommitLog", "134217728")
                .containsEntry("autoCreateTopicEnable", "true");
        assertThat((Map<String, Object>) Specs.spec(dev).get("broker")).doesNotContainKey("failover");
    }

    @Test
    void conditionsCountOnlyForTheCurrentGeneration() {
        Map<String, Object> stale = Map.of("metadata", Map.of("generation", 3), "status", Map.of(
                "observedGeneration", 2, "conditions", List.of(Map.of("type", "Ready", "status", "True"))));
        Map<String, Object> current = Map.of("metadata", Map.of("generation", 3), "status", Map.of(
                "observedGeneration", 3, "phase", "Running",
                "conditions", List.of(Map.of("type", "Ready", "status", "True", "reason", "ClusterReady"))));
        assertThat(Specs.hasCondition(stale, "Ready", "True")).isFalse();
        assertThat(Specs.hasCondition(current, "Ready", "True")).isTrue();
        assertThat(Specs.hasCondition(current, "Degraded", "False")).isFalse();
        assertThat(Specs.summary(current)).isEqualTo("phase=Running Ready=True/ClusterReady");
        assertThat(Specs.summary(Map.of("metadata", Map.of()))).isEqualTo("no status yet");

        // a refused spec: the condition is about generation 4 although the status as a whole still says 3
        Map<String, Object> refused = Map.of("metadata", Map.of("generation", 4), "status", Map.of(
                "observedGeneration", 3, "conditions", List.of(Map.of("type", "Degraded", "status", "True",
                        "observedGeneration", 4), Map.of("type", "Ready", "status", "True", "observedGeneration", 3))));
        assertThat(Specs.hasCondition(refused, "Degraded", "True")).isTrue();
        assertThat(Specs.hasCondition(refused, "Ready", "True")).isFalse();
    }

    @Test
    @SuppressWarnings("unchecked")
    void securedVariantKeepsTheExamplesSecurityAtTheDevExamplesSize() throws Exception {
        Map<String, Object> example = Specs.YAML.readValue(REPO.resolve("examples/secured-cluster.yaml").toFile(),
                Map.class);
        Map<String, Object> dev = Specs.devExample(REPO, ENV);
        Map<String, Object> secured = Specs.secured(REPO, dev, "sec");
        assertThat(((Map<String, Object>) secured.get("metadata")).get("name")).isEqualTo("sec");
        Map<String, Object> security = (Map<String, Object>) Specs.spec(secured).get("security");
        assertThat(security).isEqualTo(Specs.spec(example).get("security"))
                .containsEntry("authentication", true);
        assertThat((Map<String, Object>) security.get("tls")).containsEntry("mode", "enforcing");
        Map<String, Object> broker = (Map<String, Object>) Specs.spec(secured).get("broker");
        assertThat(broker).containsEntry("groups", 1).containsEntry("slavesPerGroup", 0);
        assertThat((Map<String, Object>) broker.get("config")).containsEntry("autoCreateTopicEnable", "true");
        assertThat((Map<String, Object>) Specs.spec(secured).get("images"))
                .containsEntry("broker", "reg/cometmq/broker:t1");
        broker.put("groups", 3);
        assertThat(((Map<String, Object>) Specs.spec(dev).get("broker")).get("groups")).isEqualTo(1); // a copy
    }

    @Test
    @SuppressWarnings("unchecked")
    void brokerUserMayPubAndSubItsTopicAndReadItsGroup() {
        Map<String, Object> user = Specs.brokerUser("app", "sec", "T1", "G1");
        assertThat(user).containsEntry("kind", "BrokerUser");
        Map<String, Object> spec = (Map<String, Object>) user.get("spec");
        assertThat(spec).containsEntry("clusterRef", "sec").containsEntry("username", "app")
                .doesNotContainKey("passwordSecret");
        assertThat((List<Map<String, Object>>) spec.get("acl")).containsExactly(
                Map.of("resource", "Topic:T1", "actions", List.of("Pub", "Sub")),
                Map.of("resource", "Group:G1", "actions", List.of("Sub")));
    }
}
