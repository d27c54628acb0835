package io.cometmq.operator.security;

import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.GrpcSpec;
import io.cometmq.operator.model.BrokerRole;
import io.cometmq.operator.model.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The DNS names the serving certificate must cover: for the NameServer Service and every broker StatefulSet's
 * headless Service, each pod ({@code *.<svc>.<ns>.svc.<domain>} and {@code *.<svc>.<ns>.svc}) and the Service
 * itself in each short form clients use; while spec.grpc is on, also the gRPC Service {@code <c>-grpc} in those short
 * forms (brokers present this certificate on the gRPC port, and SDKs that verify it dial that Service). Pure; sorted.
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
        return List.copyOf(dns);
    }
}
