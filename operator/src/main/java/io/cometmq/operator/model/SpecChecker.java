package io.cometmq.operator.model;

import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.BrokerClusterSpec;
import io.cometmq.operator.crd.BrokerSpec;
import io.cometmq.operator.crd.FailoverSpec;
import io.cometmq.operator.crd.JvmSpec;
import io.cometmq.operator.crd.MonitoringSpec;
import io.cometmq.operator.crd.PodMonitorSpec;
import io.cometmq.operator.crd.ReplicationMode;
import io.cometmq.operator.crd.StorageSpec;
import io.cometmq.protocol.config.BrokerConfigKeys;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds what the CRD schema cannot (or, on an API server without CEL, did not) refuse. Each problem
 * becomes the Degraded condition's reason plus a Warning event, and the operator changes nothing until
 * the spec is fixed: a bad spec never turns into a crash loop or a half-applied cluster.
 *
 * <p>Reasons: ClusterNameTooLong, MissingImage, ReservedConfigKey, InvalidBrokerConfig, SyncWithoutSlaves,
 * InvalidFailover, FailoverWithoutSlaves, InvalidMonitoring, InvalidGrpc (GrpcSpecCheck), InvalidExternalAccess (ExternalAccessSpecCheck), InvalidSysctl,
 * InvalidQuantity, HeapExceedsMemoryLimit, StorageChangeRefused, ScaleDownRemovesMaster.
 */
public final class SpecChecker {
    /** An unknown key (with the closest known one) or a bad value in spec.broker.config. */
    public static final String INVALID_BROKER_CONFIG = "InvalidBrokerConfig";
    /** spec.broker.failover.unavailableFor outside 10s..1h or not a duration. */
    public static final String INVALID_FAILOVER = "InvalidFailover";
    /** spec.broker.failover.enabled true without a slave to promote. */
    public static final String FAILOVER_WITHOUT_SLAVES = "FailoverWithoutSlaves";
    /** spec.monitoring: a port taken by remoting or replication, a bad duration or PodMonitor label key. */
    public static final String INVALID_MONITORING = "InvalidMonitoring";
    /** A Kubernetes label key: an optional DNS-subdomain prefix and a name of at most 63 characters. */
    private static final java.util.regex.Pattern LABEL_KEY = java.util.regex.Pattern.compile(
            "([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    /** A smaller slavesPerGroup would delete the pod that is master of a group (after a failover). */
    public static final String SCALE_DOWN_REMOVES_MASTER = "ScaleDownRemovesMaster";

    private SpecChecker() {}

    /** @param existingBrokerSets the cluster's broker StatefulSets as they are now (for storage changes) */
    public static List<SpecProblem> check(BrokerCluster cluster, Collection<StatefulSet> existingBrokerSets) {
        List<SpecProblem> problems = new ArrayList<>();
        BrokerClusterSpec spec = cluster.getSpec();
        String name = cluster.getMetadata().getName();
        if (name.length() > Names.MAX_CLUSTER_NAME) {
            problems.add(new SpecProblem("ClusterNameTooLong", "The cluster name has " + name.length()
                    + " characters; StatefulSet and pod names need it to be at most " + Names.MAX_CLUSTER_NAME + "."));
        }
        if (spec.getImages() == null || isBlank(spec.getImages().getBroker()) || isBlank(spec.getImages().getNameServer())) {
            problems.add(new SpecProblem("MissingImage", "spec.images.broker and spec.images.nameServer are required."));
            return problems;
        }
        checkBrokerConfig(spec.getBroker().getConfig(), problems);
        if (spec.getBroker().getReplicationMode() == ReplicationMode.SYNC && spec.getBroker().getSlavesPerGroup() < 1) {
            problems.add(new SpecProblem("SyncWithoutSlaves",
                    "replicationMode SYNC needs slavesPerGroup >= 1, or no write could ever be acknowledged."));
        }
        checkFailover(spec.getBroker(), problems);
        checkMonitoring(MonitoringSpec.of(spec), problems);
        GrpcSpecCheck.check(spec, problems);
        ExternalAccessSpecCheck.check(spec, problems);
        if (spec.getTuning().getSysctls().isEnabled()) {
            SysctlInitContainer.invalidEntry(spec.getTuning().getSysctls()).ifPresent(entry -> problems.add(
                    new SpecProblem("InvalidSysctl", "Sysctl " + entry + " is not a name like vm.max_map_count with a number.")));
        }
        Optional<BigDecimal> size = bytes(spec.getBroker().getStorage().getSize());
        if (size.isEmpty()) {
            problems.add(new SpecProblem("InvalidQuantity",
                    "spec.broker.storage.size " + spec.getBroker().getStorage().getSize() + " is not a Kubernetes quantity."));
        }
        checkHeap("broker", spec.getBroker().getJvm(), spec.getBroker().getResources(), problems);
        checkHeap("nameServer", spec.getNameServer().getJvm(), spec.getNameServer().getResources(), problems);
        size.ifPresent(bytes -> checkStorage(spec.getBroker().getStorage(), bytes, existingBrokerSets, problems));
        return problems;
    }

    /**
     * After a failover a pod of the slave StatefulSet may be master; lowering slavesPerGroup below its ordinal would
     * delete it. Refused until mastership is moved (cometmq.io/promote).
     *
     * @param masters the pod that is master of each group, as the role ConfigMaps say
     */
    public static List<SpecProblem> checkMasters(BrokerCluster cluster, Names names, Map<Integer, String> masters) {
        List<SpecProblem> problems = new ArrayList<>();
        int slaves = cluster.getSpec().getBroker().getSlavesPerGroup();
        new TreeMap<>(masters).forEach((group, master) -> {
            if (group >= cluster.getSpec().getBroker().getGroups()) {
                return; // a group beyond the spec goes as a whole, after its drain
            }
            names.brokerPodSlot(group, master)
                    .filter(slot -> slot.role() == BrokerRole.SLAVE && slot.ordinal() >= slaves)
                    .ifPresent(slot -> problems.add(new SpecProblem(SCALE_DOWN_REMOVES_MASTER, "spec.broker.slavesPerGroup "
                            + slaves + " would delete " + master + ", the master of group " + group + ". Move mastership "
                            + "first: kubectl annotate bc " + names.cluster() + " " + Annotations.PROMOTE + "="
                            + names.brokerPod(group, BrokerRole.MASTER, 0) + ".")));
        });
        return problems;
    }

    /**
     * Keys the operator owns are refused (ReservedConfigKey); the rest must be keys of the broker's table with
     * values it accepts (InvalidBrokerConfig), or the broker would exit at start-up and crash-loop.
     */
    private static void checkBrokerConfig(Map<String, String> config, List<SpecProblem> problems) {
        Set<String> owned = BrokerConfigKeys.operatorOwnedNames();
        new TreeMap<>(config).keySet().stream()
                .filter(owned::contains)
                .findFirst()
                .ifPresent(key -> problems.add(new SpecProblem("ReservedConfigKey",
                        "spec.broker.config may not set " + key + "; the operator owns it.")));
        Map<String, String> extras = new TreeMap<>(config);
        extras.keySet().removeAll(owned);
        List<String> invalid = BrokerConfigKeys.validate(extras);
        if (!invalid.isEmpty()) {
            problems.add(new SpecProblem(INVALID_BROKER_CONFIG, "spec.broker.config: " + String.join("; ", invalid) + "."));
        }
    }

    private static void checkFailover(BrokerSpec broker, List<SpecProblem> problems) {
        FailoverSpec failover = broker.getFailover() == null ? new FailoverSpec() : broker.getFailover();
        try {
            Duration unavailableFor = failover.unavailableFor();
            if (unavailableFor.compareTo(FailoverSpec.MIN_UNAVAILABLE_FOR) < 0
                    || unavailableFor.compareTo(FailoverSpec.MAX_UNAVAILABLE_FOR) > 0) {
                problems.add(new SpecProblem(INVALID_FAILOVER, "spec.broker.failover.unavailableFor must be between 10s "
                        + "and 1h (60m), was " + failover.getUnavailableFor() + "."));
            }
        } catch (IllegalArgumentException e) {
            problems.add(new SpecProblem(INVALID_FAILOVER, e.getMessage() + "."));
        }
        if (Boolean.TRUE.equals(failover.getEnabled()) && broker.getSlavesPerGroup() < 1) {
            problems.add(new SpecProblem(FAILOVER_WITHOUT_SLAVES, "spec.broker.failover.enabled is true but "
                    + "slavesPerGroup is 0: there is no slave to promote. Add a slave or leave enabled unset."));
        }
    }

    /**
     * The metrics port shares the pod with the remoting and replication ports (broker 10911 and 10912, NameServer
     * 9876): a collision would stop the broker or NameServer from starting. PodMonitor durations and label keys would
     * be refused by the API server or Prometheus.
     */
    static void checkMonitoring(MonitoringSpec monitoring, List<SpecProblem> problems) {
        if (!monitoring.isEnabled()) {
            return;
        }
        Map<Integer, String> taken = Map.of(Ports.NAMESERVER, "the NameServer's remoting port",
                Ports.BROKER_REMOTING, "the broker's remoting port", Ports.BROKER_HA, "the broker's replication port");
        String owner = taken.get(monitoring.getPort());
        if (owner != null) {
            problems.add(new SpecProblem(INVALID_MONITORING, "spec.monitoring.port " + monitoring.getPort()
                    + " is " + owner + "; choose another port (default " + MonitoringSpec.DEFAULT_PORT + ")."));
        }
        PodMonitorSpec podMonitor = monitoring.getPodMonitor();
        if (podMonitor == null || !podMonitor.isEnabled()) {
            return;
        }
        try {
            Duration interval = PodMonitorSpec.duration("spec.monitoring.podMonitor.interval", podMonitor.getInterval());
            if (podMonitor.getScrapeTimeout() != null) {
                Duration timeout = PodMonitorSpec.duration("spec.monitoring.podMonitor.scrapeTimeout",
                        podMonitor.getScrapeTimeout());
                if (timeout.compareTo(interval) > 0) {
                    problems.add(new SpecProblem(INVALID_MONITORING, "spec.monitoring.podMonitor.scrapeTimeout "
                            + podMonitor.getScrapeTimeout() + " is longer than interval " + podMonitor.getInterval()
                            + "; Prometheus refuses that."));
                }
            }
        } catch (IllegalArgumentException e) {
            problems.add(new SpecProblem(INVALID_MONITORING, e.getMessage() + "."));
        }
        new TreeMap<>(podMonitor.getLabels()).keySet().stream()
                .filter(key -> !isQualifiedName(key))
                .findFirst()
                .ifPresent(key -> problems.add(new SpecProblem(INVALID_MONITORING, "spec.monitoring.podMonitor.labels: '"
                        + key + "' is not a label key (an optional DNS prefix and '/', then at most 63 letters, digits,"
                        + " '-', '_' or '.').")));
    }

    /** Whether {@code key} can be a label or annotation key: an optional DNS prefix and '/', then a short name. */
    static boolean isQualifiedName(String key) {
        return key.length() <= 317 && LABEL_KEY.matcher(key).matches()
                && key.substring(key.indexOf('/') + 1).length() <= 63;
    }

    private static void checkHeap(String component, JvmSpec jvm, ResourceRequirements resources,
            List<SpecProblem> problems) {
        if (jvm == null || jvm.getHeap() == null || resources == null || resources.getLimits() == null
                || resources.getLimits().get("memory") == null) {
            return;
        }
        String heap = jvm.getHeap();
        Optional<BigDecimal> heapBytes = bytes(heap.substring(0, heap.length() - 1)
                + (Character.toLowerCase(heap.charAt(heap.length() - 1)) == 'g' ? "Gi" : "Mi"));
        Optional<BigDecimal> limit = bytes(resources.getLimits().get("memory").toString());
        if (heapBytes.isPresent() && limit.isPresent() && heapBytes.get().compareTo(limit.get()) >= 0) {
            problems.add(new SpecProblem("HeapExceedsMemoryLimit", "spec." + component + ".jvm.heap " + heap
                    + " does not fit in the memory limit " + resources.getLimits().get("memory")
                    + "; the container would be OOM-killed."));
        }
    }

    /** volumeClaimTemplates are immutable: refuse what a StatefulSet update could not carry out. */
    private static void checkStorage(StorageSpec storage, BigDecimal size, Collection<StatefulSet> existing,
            List<SpecProblem> problems) {
        for (StatefulSet set : existing) {
            List<PersistentVolumeClaim> claims = set.getSpec().getVolumeClaimTemplates();
            boolean hasClaims = claims != null && !claims.isEmpty();
            if (hasClaims == storage.isEphemeral()) {
                problems.add(new SpecProblem("StorageChangeRefused", "StatefulSet " + set.getMetadata().getName()
                        + (hasClaims ? " keeps data on volume claims; it cannot become ephemeral."
                                                  : " is ephemeral; it cannot switch to volume claims in place.")));
                return;
            }
            if (!hasClaims) {
                continue;
            }
            PersistentVolumeClaim claim = claims.get(0);
            Quantity current = claim.getSpec().getResources().getRequests().get("storage");
            if (current != null && bytes(current.toString()).map(c -> c.compareTo(size) > 0).orElse(false)) {
                problems.add(new SpecProblem("StorageChangeRefused", "spec.broker.storage.size may not shrink below "
                        + current + " (StatefulSet " + set.getMetadata().getName() + ")."));
                return;
            }
            if (!Objects.equals(claim.getSpec().getStorageClassName(), storage.getStorageClassName())) {
                problems.add(new SpecProblem("StorageChangeRefused", "spec.broker.storage.storageClassName is immutable (StatefulSet "
                        + set.getMetadata().getName() + " uses " + claim.getSpec().getStorageClassName() + ")."));
                return;
            }
        }
    }

    static Optional<BigDecimal> bytes(String quantity) {
        try {
            return Optional.of(Quantity.getAmountInBytes(new Quantity(quantity)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
