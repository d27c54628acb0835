package io.cometmq.operator.reconcile;

import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.ExternalAccessSpec;
import io.cometmq.operator.crd.ExternalAccessStatus;
import io.cometmq.operator.model.ExternalAccessModel;
import io.cometmq.operator.model.ExternalAccessModel.BrokerPod;
import io.cometmq.operator.model.ExternalAddresses;
import io.cometmq.operator.model.Labels;
import io.cometmq.operator.model.Names;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Keeps the objects of spec.externalAccess (ExternalAccessModel) and finds their addresses: the external Services,
 * the address ConfigMap the brokers read (so it runs before the StatefulSets: a pod must not wait for a missing
 * volume), and status.externalAccess. When off, deletes what an earlier spec created.
 *
 * <p>Nodes are read with a GET by name (pod.spec.nodeName), only for NodePort, and not watched: an informer on a
 * cluster-scoped kind the chart may not grant would keep the operator from starting. Without the permission the state
 * stays Pending and the message says so; the reconciler rechecks while Pending.
 */
public final class ExternalAccessStep {
    static final int MAX_NAMED = 3;
    private final ResourceApplier applier;

    public ExternalAccessStep(ResourceApplier applier) {
        this.applier = applier;
    }

    /**
     * status.externalAccess; while spec.externalAccess is off, null for a cluster that never had it, else state
     * Disabled with empty addresses (status is written with a JSON merge patch, where an absent field would leave
     * the old addresses in place).
     */
    public record Result(ExternalAccessStatus status) {}

    /**
     * @param groups the broker groups that have pods: the spec's and those still running until drained
     * @param services the owned Services the informer sees, to delete external ones that are no longer wanted
     * @param configMaps the owned ConfigMaps the informer sees
     * @param pods the cluster's pods (nodes of broker and NameServer pods)
     */
    public Result apply(BrokerCluster cluster, Names names, Collection<Integer> groups, Collection<Service> services,
            Collection<ConfigMap> configMaps, Collection<Pod> pods) {
        ExternalAccessSpec spec = ExternalAccessSpec.of(cluster.getSpec());
        Set<String> wanted = new TreeSet<>();
        if (!spec.isEnabled()) {
            deleteUnwanted(names, services, wanted);
            if (configMaps.stream().anyMatch(c -> names.externalAddressesConfigMap().equals(c.getMetadata().getName()))) {
                applier.delete(ConfigMap.class, names.namespace(), names.externalAddressesConfigMap());
            }
            return new Result(cluster.getStatus() == null || cluster.getStatus().getExternalAccess() == null
                    ? null : disabled());
        }
        Nodes nodes = new Nodes(spec.nodeAddressType());
        List<String> pending = new ArrayList<>();
        Service nameServer = applier.apply(ExternalAccessModel.nameServerService(cluster, names)).object();
        wanted.add(names.nameServerExternalService());
        Optional<String> nameServerAddress = address(spec, nameServer, readyNameServerNode(names, pods), nodes);
        if (nameServerAddress.isEmpty()) {
            pending.add(names.nameServerExternalService());
        }
        Map<String, String> nodeOfPod = new HashMap<>();
        pods.forEach(p -> nodeOfPod.put(p.getMetadata().getName(), p.getSpec() == null ? null : p.getSpec().getNodeName()));
        Map<String, String> addresses = new TreeMap<>();
        for (BrokerPod pod : ExternalAccessModel.brokerPods(cluster, names, groups)) {
            Service service = applier.apply(ExternalAccessModel.brokerService(cluster, names, pod)).object();
            wanted.add(service.getMetadata().getName());
            address(spec, service, Optional.ofNullable(nodeOfPod.get(pod.pod())), nodes).ifPresentOrElse(
                    a -> addresses.put(pod.pod(), a), () -> pending.add(names.brokerExternalService(pod.pod())));
        }
        deleteUnwanted(names, services, wanted);
        applier.apply(ExternalAccessModel.addressesConfigMap(cluster, names, addresses));

        ExternalAccessStatus status = new ExternalAccessStatus();
        status.setNameServerAddress(nameServerAddress.orElse(null));
        addresses.forEach((pod, address) -> status.getBrokers().add(new ExternalAccessStatus.BrokerAddress(pod, address)));
        if (pending.isEmpty()) {
            status.setState(ExternalAccessStatus.READY);
        } else {
            status.setState(ExternalAccessStatus.PENDING);
            status.setMessage(pendingMessage(spec, pending, nodes.problem));
        }
        return new Result(status);
    }

    private static ExternalAccessStatus disabled() {
        ExternalAccessStatus status = new ExternalAccessStatus();
        status.setState(ExternalAccessStatus.DISABLED);
        status.setNameServerAddress("");
        status.setMessage("spec.externalAccess is off: clients outside the cluster have no addresses.");
        return status;
    }

    private static String pendingMessage(ExternalAccessSpec spec, List<String> pending, String nodeProblem) {
        String waitingFor = spec.type() == ExternalAccessSpec.ExternalServiceType.LoadBalancer
                ? "a load balancer address" : "a node port and the address of the pod's node";
        String named = String.join(", ", pending.subList(0, Math.min(MAX_NAMED, pending.size())))
                + (pending.size() > MAX_NAMED ? " and " + (pending.size() - MAX_NAMED) + " more" : "");
        return "Waiting for " + waitingFor + " of " + named + (nodeProblem == null ? "." : ": " + nodeProblem);
    }

    private static Optional<String> address(ExternalAccessSpec spec, Service live, Optional<String> nodeName,
            Nodes nodes) {
        if (spec.type() == ExternalAccessSpec.ExternalServiceType.LoadBalancer) {
            return ExternalAddresses.loadBalancer(live);
        }
        Optional<Integer> nodePort = ExternalAddresses.nodePort(live);
        if (nodePort.isEmpty() || nodeName.isEmpty()) {
            return Optional.empty();
        }
        return nodes.address(nodeName.get()).map(host -> ExternalAddresses.hostPort(host, nodePort.get()));
    }

    /** The node of a ready NameServer pod (first by name): it runs a NameServer, so it answers with any policy. */
    private static Optional<String> readyNameServerNode(Names names, Collection<Pod> pods) {
        return pods.stream()
                .filter(p -> Labels.NAMESERVER.equals(labels(p).get(Labels.COMPONENT))
                        && names.cluster().equals(labels(p).get(Labels.INSTANCE)))
                .filter(ExternalAccessStep::ready)
                .filter(p -> p.getSpec() != null && p.getSpec().getNodeName() != null)
                .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
                .map(p -> p.getSpec().getNodeName())
                .findFirst();
    }

    private static Map<String, String> labels(Pod pod) {
        return pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
    }

    private static boolean ready(Pod pod) {
        List<PodCondition> conditions = pod.getStatus() == null ? null : pod.getStatus().getConditions();
        return conditions != null && conditions.stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private void deleteUnwanted(Names names, Collection<Service> services, Set<String> wanted) {
        Set<String> stale = new LinkedHashSet<>();
        for (Service service : services) {
            Map<String, String> labels = service.getMetadata().getLabels();
            if (labels != null && "true".equals(labels.get(ExternalAccessModel.EXTERNAL_LABEL))
                    && names.cluster().equals(labels.get(Labels.INSTANCE))
                    && !wanted.contains(service.getMetadata().getName())) {
                stale.add(service.getMetadata().getName());
            }
        }
        stale.forEach(name -> applier.delete(Service.class, names.namespace(), name));
    }

    /** Node addresses by name, each read once per reconcile; remembers why a read failed. */
    private final class Nodes {
        private final ExternalAccessSpec.NodeAddressType preferred;
        private final Map<String, Optional<String>> read = new HashMap<>();
        private String problem;

        Nodes(ExternalAccessSpec.NodeAddressType preferred) {
            this.preferred = preferred;
        }

        Optional<String> address(String nodeName) {
            return read.computeIfAbsent(nodeName, this::fetch);
        }

        private Optional<String> fetch(String nodeName) {
            try {
                Node node = applier.client().nodes().withName(nodeName).get();
                if (node == null) {
                    problem = "node " + nodeName + " not found.";
                    return Optional.empty();
                }
                Optional<String> address = ExternalAddresses.nodeAddress(node, preferred);
                if (address.isEmpty()) {
                    problem = "node " + nodeName + " has no " + preferred + " address.";
                }
                return address;
            } catch (KubernetesClientException e) {
                problem = e.getCode() == 403
                        ? "the operator may not read nodes (it needs get on nodes, a cluster-wide permission: chart"
                                + " value rbac.readNodes)."
                        : "reading node " + nodeName + " failed: " + e.getMessage();
                return Optional.empty();
            }
        }
    }
}
