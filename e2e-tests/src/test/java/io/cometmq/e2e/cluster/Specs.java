package io.cometmq.e2e.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * BrokerCluster manifests as plain maps (what {@code kubectl apply} sends), made from the repository's
 * {@code examples/dev-cluster.yaml}, and reading conditions back from an object's status. Plain maps rather than
 * the operator's model classes: the test is a user of the API, not of the operator's code.
 */
final class Specs {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Specs() {
    }

    /** {@code examples/dev-cluster.yaml} as is, but with the images of this run. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> devExample(Path repo, E2eEnvironment env) throws IOException {
        Map<String, Object> cluster = YAML.readValue(repo.resolve("examples/dev-cluster.yaml").toFile(), Map.class);
        Map<String, Object> images = (Map<String, Object>) spec(cluster).get("images");
        images.put("nameServer", env.image("nameserver"));
        images.put("broker", env.image("broker"));
        return cluster;
    }

    /**
     * The dev example turned into one master and one synchronous slave on persistent volumes (a rolled or killed
     * master must find its commit log again), with small commit-log segments so 2Gi volumes suffice.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> masterSlave(Map<String, Object> devExample, String name, Optional<String> storageClass) {
        Map<String, Object> cluster = YAML.convertValue(devExample, Map.class); // deep copy
        ((Map<String, Object>) cluster.get("metadata")).put("name", name);
        Map<String, Object> broker = (Map<String, Object>) spec(cluster).get("broker");
        broker.put("slavesPerGroup", 1);
        broker.put("replicationMode", "SYNC");
        Map<String, Object> storage = new LinkedHashMap<>();
        storage.put("size", "2Gi");
        storage.put("ephemeral", false);
        storageClass.ifPresent(sc -> storage.put("storageClassName", sc));
        broker.put("storage", storage);
        Map<String, Object> config = new LinkedHashMap<>((Map<String, Object>) broker.getOrDefault("config", Map.of()));
        config.put("mappedFileSizeCommitLog", "134217728");
        broker.put("config", config);
        return cluster;
    }

    /**
     * The dev example with one synchronous slave and automatic failover after {@code unavailableFor}
     * ({@code spec.broker.failover}), still on emptyDir: the freeze scenario restarts no pod, so it needs no volume
     * and runs on clusters without a StorageClass.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> failover(Map<String, Object> devExample, String name, String unavailableFor) {
        Map<String, Object> cluster = YAML.convertValue(devExample, Map.class); // deep copy
        ((Map<String, Object>) cluster.get("metadata")).put("name", name);
        Map<String, Object> broker = (Map<String, Object>) spec(cluster).get("broker");
        broker.put("slavesPerGroup", 1);
        broker.put("replicationMode", "SYNC");
        Map<String, Object> failover = new LinkedHashMap<>();
        failover.put("enabled", true);
        failover.put("unavailableFor", unavailableFor);
        broker.put("failover", failover);
        Map<String, Object> config = new LinkedHashMap<>((Map<String, Object>) broker.getOrDefault("config", Map.of()));
        config.put("mappedFileSizeCommitLog", "134217728");
        broker.put("config", config);
        return cluster;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> spec(Map<String, Object> cluster) {
        return (Map<String, Object>) cluster.get("spec");
    }

    /** The condition of {@code type} in {@code status.conditions}, if any. */
    @SuppressWarnings("unchecked")
    static Optional<Map<String, Object>> condition(Map<String, Object> cluster, String type) {
        Map<String, Object> status = (Map<String, Object>) cluster.get("status");
        if (status == null) {
            return Optional.empty();
        }
        List<Map<String, Object>> conditions = (List<Map<String, Object>>) status.getOrDefault("conditions",
                List.of());
        return conditions.stream().filter(c -> type.equals(c.get("type"))).findFirst();
    }

    /** Status is about the current spec: {@code status.observedGeneration} reached {@code metadata.generation}. */
    @SuppressWarnings("unchecked")
    static boolean observedCurrentGeneration(Map<String, Object> cluster) {
        Map<String, Object> status = (Map<String, Object>) cluster.get("status");
        Object generation = ((Map<String, Object>) cluster.get("metadata")).get("generation");
        return status != null && generation != null && status.get("observedGeneration") != null
                && ((Number) status.get("observedGeneration")).longValue() >= ((Number) generation).longValue();
    }

    /**
     * Condition {@code type} has {@code status} ("True"/"False") for the current generation: the condition's own
     * observedGeneration when it has one (a spec the operator refuses is reported without advancing
     * {@code status.observedGeneration}), else the status's.
     */
    @SuppressWarnings("unchecked")
    static boolean hasCondition(Map<String, Object> cluster, String type, String status) {
        Optional<Map<String, Object>> condition = condition(cluster, type);
        if (condition.isEmpty() || !status.equals(condition.get().get("status"))) {
            return false;
        }
        Object observed = condition.get().get("observedGeneration");
        if (observed == null) {
            return observedCurrentGeneration(cluster);
        }
        Object generation = ((Map<String, Object>) cluster.get("metadata")).get("generation");
        return generation != null && ((Number) observed).longValue() >= ((Number) generation).longValue();
    }

    /** One line for progress logs: phase and each condition as type=status/reason. */
    @SuppressWarnings("unchecked")
    static String summary(Map<String, Object> cluster) {
        Map<String, Object> status = (Map<String, Object>) cluster.get("status");
        if (status == null) {
            return "no status yet";
        }
        StringBuilder text = new StringBuilder("phase=" + status.get("phase"));
        for (Map<String, Object> c : (List<Map<String, Object>>) status.getOrDefault("conditions", List.of())) {
            text.append(' ').append(c.get("type")).append('=').append(c.get("status")).append('/')
                    .append(c.get("reason"));
        }
        return text.toString();
    }
}
