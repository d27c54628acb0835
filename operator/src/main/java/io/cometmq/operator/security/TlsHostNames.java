package io.cometmq.operator.security;

import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.ExternalAccessSpec;
import io.cometmq.operator.crd.ExternalAccessStatus;
import io.cometmq.operator.crd.GrpcSpec;
import io.cometmq.operator.model.BrokerRole;
import io.cometmq.operator.model.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The DNS names the serving certificate must cover: for the NameServer Service and every broker StatefulSet's
 * headless Service, each pod ({@code *.<svc>.<ns>.svc.<domain>} and {@code *.<svc>.<ns>.svc}) and the Service
 * itself in each short form clients use; while spec.grpc is on, also the gRPC Service {@code <c>-grpc} in those short
 * forms (brokers present this certificate on the gRPC port, and SDKs that verify it dial that Service); while
 * spec.externalAccess is on, the hosts of the external addresses (IP literals included). Pure; sorted.
 */
public final class TlsHostNames {
    private TlsHostNames() {}

    public static List<String> of(BrokerCluster cluster, Names names) {
        List<String> services = new ArrayList<>();
        services.add(names.nameServer());
        for (int g = 0; g < cluster.getSpec().getBroker().getGroups(); g++) {
            for (BrokerRole role : BrokerRole.values()) {
                services.add(names.brokerSet(g, role));
            }
        }
        TreeSet<String> dns = new TreeSet<>();
        String namespace = names.namespace();
        for (String service : services) {
            dns.add("*" + names.podHostSuffix(service));
            dns.add("*." + service + "." + namespace + ".svc");
            dns.add(service);
            dns.add(service + "." + namespace);
            dns.add(service + "." + namespace + ".svc");
            dns.add(names.podHostSuffix(service).substring(1));
        }
        if (GrpcSpec.of(cluster.getSpec()).isEnabled()) {
            String grpc = names.grpcService();
            dns.add(grpc);
            dns.add(grpc + "." + namespace);
            dns.add(grpc + "." + namespace + ".svc");
            dns.add(names.podHostSuffix(grpc).substring(1));
        }
        dns.addAll(externalHosts(cluster));
        return List.copyOf(dns);
    }

    /**
     * While spec.externalAccess is on: the hosts of the external addresses in status.externalAccess (load balancer
     * names or IPs, node addresses), which clients outside dial and verify. From status, because the addresses are
     * found after the certificate step; a new address reaches status first and the certificate at the next reconcile.
     * IP literals become iPAddress entries (Certificates.leaf).
     */
    static Set<String> externalHosts(BrokerCluster cluster) {
        Set<String> hosts = new TreeSet<>();
        ExternalAccessStatus external = cluster.getStatus() == null ? null : cluster.getStatus().getExternalAccess();
        if (!ExternalAccessSpec.of(cluster.getSpec()).isEnabled() || external == null) {
            return hosts;
        }
        List<String> addresses = new ArrayList<>();
        addresses.add(external.getNameServerAddress());
        external.getBrokers().forEach(b -> addresses.add(b.getAddress()));
        for (String address : addresses) {
            int colon = address == null ? -1 : address.lastIndexOf(':');
            if (colon > 0) {
                String host = address.substring(0, colon);
                hosts.add(Certificates.canonicalIp(
                        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host));
            }
        }
        return hosts;
    }
}
