package io.cometmq.operator.model;

import io.cometmq.operator.crd.ExternalAccessSpec;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.List;
import java.util.Optional;

/**
 * Where an external Service is reached from outside the cluster (pure; ExternalAccessStep reads the objects).
 * LoadBalancer: the first ingress' IP, else its host name, with the Service port. NodePort: an address of the node
 * the pod runs on with the node port (that node answers with either externalTrafficPolicy).
 */
public final class ExternalAddresses {
    private ExternalAddresses() {}

    /** host:port of a LoadBalancer Service, empty while the cloud controller has not published an ingress. */
    public static Optional<String> loadBalancer(Service live) {
        if (live == null || live.getStatus() == null || live.getStatus().getLoadBalancer() == null) {
            return Optional.empty();
        }
        List<LoadBalancerIngress> ingress = live.getStatus().getLoadBalancer().getIngress();
        if (ingress == null || ingress.isEmpty()) {
            return Optional.empty();
        }
        LoadBalancerIngress first = ingress.get(0);
        String host = first.getIp() != null && !first.getIp().isBlank() ? first.getIp() : first.getHostname();
        Optional<ServicePort> port = firstPort(live);
        if (host == null || host.isBlank() || port.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(hostPort(host, port.get().getPort()));
    }

    /** The node port of the Service's one port, empty until the API server allocated it. */
    public static Optional<Integer> nodePort(Service live) {
        return firstPort(live).map(ServicePort::getNodePort);
    }

    /** The node's address of the preferred type; ExternalIP falls back to InternalIP (most bare-metal nodes). */
    public static Optional<String> nodeAddress(Node node, ExternalAccessSpec.NodeAddressType preferred) {
        if (node == null || node.getStatus() == null || node.getStatus().getAddresses() == null) {
            return Optional.empty();
        }
        Optional<String> address = addressOfType(node.getStatus().getAddresses(), preferred.name());
        if (address.isEmpty() && preferred == ExternalAccessSpec.NodeAddressType.ExternalIP) {
            address = addressOfType(node.getStatus().getAddresses(), ExternalAccessSpec.NodeAddressType.InternalIP.name());
        }
        return address;
    }

    /** host:port, with IPv6 literals in brackets as RocketMQ clients parse them. */
    public static String hostPort(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private static Optional<String> addressOfType(List<NodeAddress> addresses, String type) {
        return addresses.stream().filter(a -> type.equals(a.getType()) && a.getAddress() != null
                && !a.getAddress().isBlank()).map(NodeAddress::getAddress).findFirst();
    }

    private static Optional<ServicePort> firstPort(Service live) {
        if (live == null || live.getSpec() == null || live.getSpec().getPorts() == null
                || live.getSpec().getPorts().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(live.getSpec().getPorts().get(0));
    }
}
