package io.cometmq.operator.model;

import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.GrpcSpec;
import io.cometmq.operator.crd.MonitoringSpec;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NetworkPolicy {@code <c>} of spec.security.networkPolicy, over every pod of the cluster: the remoting ports
 * (NameServer 9876, broker 10911) admit anyone, because producers, consumers and the operator connect from anywhere
 * (authentication and TLS guard them), and so do the gRPC port of spec.grpc (the same clients, through the SDKs) and
 * the metrics port of spec.monitoring (Prometheus may run in any namespace; /metrics holds no secret); the replication
 * port 10912 admits only the cluster's broker pods. Everything else coming in is refused. Pure.
 */
public final class ClusterNetworkPolicy {
    private ClusterNetworkPolicy() {}

    public static NetworkPolicy build(BrokerCluster cluster, Names names) {
        Map<String, String> clusterPods = new LinkedHashMap<>();
        clusterPods.put(Labels.NAME, Labels.APP);
        clusterPods.put(Labels.INSTANCE, names.cluster());
        Map<String, String> brokerPods = new LinkedHashMap<>(clusterPods);
        brokerPods.put(Labels.COMPONENT, Labels.BROKER);
        return new NetworkPolicyBuilder()
                .withMetadata(Owners.metadata(cluster, names.networkPolicy(), Labels.cluster(names.cluster())))
                .withNewSpec()
                    .withNewPodSelector().withMatchLabels(clusterPods).endPodSelector()
                    .withPolicyTypes("Ingress")
                    .addNewIngress()
                        .withPorts(openPorts(cluster))
                    .endIngress()
                    .addNewIngress()
                        .withPorts(tcp(Ports.BROKER_HA))
                        .addNewFrom().withNewPodSelector().withMatchLabels(brokerPods).endPodSelector().endFrom()
                    .endIngress()
                .endSpec()
                .build();
    }

    /**
     * Remoting ports, the gRPC port while spec.grpc is on (same peers as remoting), the NameServers' external port
     * while spec.externalAccess is on, and the metrics port when metrics are
     * on: Prometheus scrapes from wherever it runs.
     */
    private static List<NetworkPolicyPort> openPorts(BrokerCluster cluster) {
        List<NetworkPolicyPort> ports = new ArrayList<>(List.of(tcp(Ports.NAMESERVER), tcp(Ports.BROKER_REMOTING)));
        GrpcSpec grpc = GrpcSpec.of(cluster.getSpec());
        if (grpc.isEnabled()) {
            ports.add(tcp(grpc.getPort()));
        }
        if (ExternalAccessModel.enabled(cluster)) {
            // the NameServers' external listener: the clients outside the cluster, from anywhere (as remoting)
            ports.add(tcp(Ports.NAMESERVER_EXTERNAL));
        }
        MonitoringSpec monitoring = MonitoringSpec.of(cluster.getSpec());
        if (monitoring.isEnabled()) {
            ports.add(tcp(monitoring.getPort()));
        }
        return ports;
    }

    private static NetworkPolicyPort tcp(int port) {
        return new NetworkPolicyPortBuilder().withProtocol("TCP").withPort(new IntOrString(port)).build();
    }
}
