package io.cometmq.operator.probe;

import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.failover.FailoverController;
import io.cometmq.operator.failover.FailoverEvents;
import io.cometmq.operator.failover.FailoverGroup;
import io.cometmq.operator.failover.FailoverPolicy;
import io.cometmq.operator.failover.GroupControl;
import io.cometmq.operator.metrics.OperatorMetrics;
import io.cometmq.operator.model.Annotations;
import io.cometmq.operator.model.BrokerRole;
import io.cometmq.operator.model.Labels;
import io.cometmq.operator.model.Names;
import io.cometmq.operator.reconcile.ClusterEvents;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link FailoverController} of each BrokerCluster on the probe threads: gathers what it observes (pods,
 * runtime info, the NameServers' master slots), runs one round per group, sends the events, and removes a finished
 * switchover from {@code cometmq.io/promote}.
 *
 * <p>Pod readiness is read with one label-selected list of the cluster's pods per probe
 * ({@code app.kubernetes.io/instance=<c>}), not from the reconciler's pod informer: a failover decision should rest
 * on what the API server says now rather than on a watch that may lag or be re-listing, the list is one small request
 * every 2–10 s per cluster, needs no permission beyond the informer's {@code list pods}, and keeps the probe
 * independent of the reconciler's event sources (which are built after the probe). A list that fails skips the
 * round: the last result stands.
 */
public final class FailoverProbe {
    private static final Logger LOG = LoggerFactory.getLogger(FailoverProbe.class);

    private record ClusterControl(FailoverController controller, AtomicObserver observer) {}

    private final KubernetesClient client;
    private final FailoverPorts ports;
    private final Clock clock;
    private final OperatorMetrics metrics;
    private final Map<String, ClusterControl> clusters = new ConcurrentHashMap<>();
    private final Map<String, Map<Integer, GroupControl>> last = new ConcurrentHashMap<>();
    private final Map<String, List<String>> announcedInvalid = new ConcurrentHashMap<>();

    public FailoverProbe(KubernetesClient client, FailoverPorts ports, Clock clock) {
        this(client, ports, clock, OperatorMetrics.none());
    }

    /** @param metrics counts each promotion (cometmq_operator_failovers_total) */
    public FailoverProbe(KubernetesClient client, FailoverPorts ports, Clock clock, OperatorMetrics metrics) {
        this.client = client;
        this.ports = ports;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** The policy of a cluster: the one place that reads spec.broker.failover. */
    static FailoverPolicy policy(BrokerCluster cluster) {
        return FailoverPolicies.of(cluster.getSpec().getBroker());
    }

    /**
     * @param runtime runtime info of every broker pod that answered this probe, by pod name
     * @return what the controller knows of each group, by group index
     */
    public Map<Integer, GroupControl> run(BrokerCluster cluster, Names names, Map<String, Map<String, String>> runtime) {
        String key = cluster.getMetadata().getNamespace() + "/" + cluster.getMetadata().getName() + "/"
                + cluster.getMetadata().getUid();
        Map<String, Boolean> ready;
        try {
            ready = podReadiness(names);
        } catch (RuntimeException e) {
            LOG.warn("{}/{}: cannot list pods, failover round skipped: {}", names.namespace(), names.cluster(),
                    e.getMessage());
            return last.getOrDefault(key, Map.of());
        }
        FailoverPolicy policy;
        try {
            policy = policy(cluster);
        } catch (IllegalArgumentException e) {
            // SpecChecker reports it (InvalidFailover); nothing is decided on a policy that cannot be read
            return last.getOrDefault(key, Map.of());
        }
        List<String> nameServers = names.nameServerAddresses(cluster.getSpec().getNameServer().getReplicas());
        ClusterControl control = clusters.computeIfAbsent(key, k -> {
            AtomicObserver observer = new AtomicObserver();
            return new ClusterControl(new FailoverController(new ConfigMapRoleStore(client, names), observer,
                    ports.commands(), clock), observer);
        });
        control.observer().set(new ProbeMemberObserver(ready, runtime, masterSlots(nameServers)));

        FailoverEvents events = events(cluster);
        SwitchoverRequest request = SwitchoverRequest.of(cluster, names);
        announceInvalid(cluster, key, request.invalid());
        Map<Integer, GroupControl> result = new TreeMap<>();
        List<String> done = new ArrayList<>();
        for (int g = 0; g < cluster.getSpec().getBroker().getGroups(); g++) {
            FailoverGroup group = group(cluster, names, g, nameServers);
            String target = request.targets().get(g);
            FailoverController.Round round = control.controller().round(group, policy, target, events);
            if (round.control() != null) {
                result.put(g, round.control());
            }
            if (round.switchoverDone()) {
                done.add(target);
            }
        }
        control.controller().retainGroups(cluster.getSpec().getBroker().getGroups());
        if (!done.isEmpty()) {
            removeFromAnnotation(cluster, done);
        }
        last.put(key, result);
        return result;
    }

    /**
     * FailoverStarted and MasterDemoted as Kubernetes Events. MasterPromoted and FailoverBlocked are left to the
     * reconciler, which derives them from status (a new {@code lastFailover}; the Degraded reason FailoverBlocked), so
     * that each is said once, also across operator restarts. A cometmq.io/promote naming no broker pod has no group to
     * put a problem in: that one is sent here.
     */
    private FailoverEvents events(BrokerCluster cluster) {
        ClusterEvents clusterEvents = new ClusterEvents(client, clock);
        return new FailoverEvents() {
            @Override
            public void normal(String reason, String message) {
                if (!MASTER_PROMOTED.equals(reason)) {
                    clusterEvents.normal(cluster, reason, message);
                }
            }

            @Override
            public void warning(String reason, String message) {
                if (!FAILOVER_BLOCKED.equals(reason)) {
                    clusterEvents.warning(cluster, reason, message);
                }
            }

            @Override
            public void promotion(String brokerName, boolean success) {
                metrics.failover(cluster.getMetadata().getNamespace(), cluster.getMetadata().getName(), brokerName,
                        success);
            }
        };
    }

    static FailoverGroup group(BrokerCluster cluster, Names names, int g, List<String> nameServers) {
        List<FailoverGroup.Member> members = new ArrayList<>();
        members.add(new FailoverGroup.Member(names.brokerPod(g, BrokerRole.MASTER, 0),
                names.brokerAddress(g, BrokerRole.MASTER, 0)));
        for (int i = 0; i < cluster.getSpec().getBroker().getSlavesPerGroup(); i++) {
            members.add(new FailoverGroup.Member(names.brokerPod(g, BrokerRole.SLAVE, i),
                    names.brokerAddress(g, BrokerRole.SLAVE, i)));
        }
        // brokerClusterName is the cluster name (ConfigRenderer)
        return new FailoverGroup(g, names.cluster(), names.brokerName(g), members, nameServers);
    }

    private Map<String, Boolean> podReadiness(Names names) {
        Map<String, Boolean> ready = new LinkedHashMap<>();
        for (Pod pod : client.pods().inNamespace(names.namespace()).withLabel(Labels.INSTANCE, names.cluster()).list()
                .getItems()) {
            ready.put(pod.getMetadata().getName(), isReady(pod));
        }
        return ready;
    }

    /** Ready=True and not being deleted (a terminating pod is on its way out, whatever its probe says). */
    static boolean isReady(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null || pod.getStatus() == null
                || pod.getStatus().getConditions() == null) {
            return false;
        }
        return pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** The master slots of every NameServer that answers; one that does not is left out. */
    private List<Map<String, String>> masterSlots(List<String> nameServers) {
        List<Map<String, String>> slots = new ArrayList<>();
        for (String nameServer : nameServers) {
            try {
                slots.add(ports.masterSlots().masterAddresses(nameServer));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return slots;
            } catch (Exception e) {
                LOG.debug("NameServer {} did not answer the master slots: {}", nameServer, e.toString());
            }
        }
        return slots;
    }

    private void announceInvalid(BrokerCluster cluster, String key, List<String> invalid) {
        List<String> before = invalid.isEmpty() ? announcedInvalid.remove(key) : announcedInvalid.put(key, invalid);
        if (!invalid.isEmpty() && !invalid.equals(before)) {
            new ClusterEvents(client, clock).warning(cluster, FailoverEvents.FAILOVER_BLOCKED, Annotations.PROMOTE
                    + " names " + invalid + ", which are not broker pods of this cluster (or a second pod of one"
                    + " group); they are ignored.");
        }
    }

    /** Like the drain annotation: what is done leaves the annotation, which goes when nothing is left. */
    private void removeFromAnnotation(BrokerCluster cluster, List<String> done) {
        try {
            client.resources(BrokerCluster.class).inNamespace(cluster.getMetadata().getNamespace())
                    .withName(cluster.getMetadata().getName())
                    .edit(bc -> {
                        String value = bc.getMetadata().getAnnotations() == null ? null
                                : bc.getMetadata().getAnnotations().get(Annotations.PROMOTE);
                        if (value != null) {
                            String left = SwitchoverRequest.without(value, done);
                            if (left == null) {
                                bc.getMetadata().getAnnotations().remove(Annotations.PROMOTE);
                            } else {
                                bc.getMetadata().getAnnotations().put(Annotations.PROMOTE, left);
                            }
                        }
                        return bc;
                    });
        } catch (RuntimeException e) {
            LOG.warn("{}/{}: could not remove {} from {}: {}", cluster.getMetadata().getNamespace(),
                    cluster.getMetadata().getName(), done, Annotations.PROMOTE, e.getMessage());
        }
    }

    /** The per-cluster observer the controller keeps; each probe puts in what it gathered. */
    private static final class AtomicObserver implements io.cometmq.operator.failover.MemberObserver {
        private volatile ProbeMemberObserver current = new ProbeMemberObserver(Map.of(), Map.of(), List.of());

        void set(ProbeMemberObserver next) {
            current = next;
        }

        @Override
        public io.cometmq.operator.failover.GroupObservation observe(FailoverGroup group) {
            return current.observe(group);
        }
    }
}
