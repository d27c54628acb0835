package io.cometmq.operator.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.ExternalAccessSpec;
import io.cometmq.protocol.config.BrokerConfigKeys;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Desired objects of spec.externalAccess (docs/OPERATOR.md, "Clients outside Kubernetes"). Pure.
 * <ul>
 *   <li>a Service {@code <pod>-external} per broker pod, selecting that one pod by the StatefulSet controller's
 *   {@code statefulset.kubernetes.io/pod-name} label, on the remoting port: every broker needs an address of its own,
 *   because clients talk to the broker a route names;</li>
 *   <li>the Service {@code <c>-nameserver-external} over the NameServers' external listener (container port
 *   {@code external}, externalListenPort): requests that arrive there are answered with the brokers' external
 *   addresses;</li>
 *   <li>the ConfigMap {@code <c>-external-addresses} with {@code addresses.json}, mounted in every broker pod and named
 *   by externalAddressFile. The brokers re-read it and re-register, so an address change rolls nothing: the file path
 *   is in the rendered config (and its hash), the addresses are not.</li>
 * </ul>
 */
public final class ExternalAccessModel {
    /** Label on the external Services, so stale ones (scale-down, turned off) are found among the owned Services. */
    public static final String EXTERNAL_LABEL = "cometmq.io/external-access";
    public static final String POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
    public static final String VOLUME = "external-addresses";
    public static final String ADDRESS_DIR = "/etc/cometmq/external";
    public static final String ADDRESS_KEY = "addresses.json";
    public static final String ADDRESS_FILE = ADDRESS_DIR + "/" + ADDRESS_KEY;
    /** Broker key naming the address file (operator-owned). */
    public static final String ADDRESS_FILE_KEY = BrokerConfigKeys.EXTERNAL_ADDRESS_FILE.name();
    /** NameServer key of the external listener (NameServerConfig). */
    public static final String LISTEN_PORT_KEY = "externalListenPort";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExternalAccessModel() {}

    public static boolean enabled(BrokerCluster cluster) {
        return ExternalAccessSpec.of(cluster.getSpec()).isEnabled();
    }

    /** The broker pods of {@code groups}: each group's master-0 and slave-0..n-1, the pods the spec makes. */
    public static List<BrokerPod> brokerPods(BrokerCluster cluster, Names names, Collection<Integer> groups) {
        int slaves = cluster.getSpec().getBroker().getSlavesPerGroup();
        List<BrokerPod> pods = new ArrayList<>();
        for (int group : groups) {
            pods.add(new BrokerPod(group, names.brokerPod(group, BrokerRole.MASTER, 0)));
            for (int ordinal = 0; ordinal < slaves; ordinal++) {
                pods.add(new BrokerPod(group, names.brokerPod(group, BrokerRole.SLAVE, ordinal)));
            }
        }
        return pods;
    }

    /** A broker pod and its group. */
    public record BrokerPod(int group, String pod) {}

    /** The Service {@code <pod>-external} in front of one broker pod's remoting port. */
    public static Service brokerService(BrokerCluster cluster, Names names, BrokerPod pod) {
        Map<String, String> labels = Labels.withCommon(Labels.groupSelector(names.cluster(), pod.group()));
        labels.put(EXTERNAL_LABEL, "true");
        return service(cluster, names.brokerExternalService(pod.pod()), labels, Map.of(POD_NAME_LABEL, pod.pod()),
                new ServicePortBuilder().withName("remoting").withProtocol("TCP").withPort(Ports.BROKER_REMOTING)
                        .withTargetPort(new IntOrString(Ports.BROKER_REMOTING)).build());
    }

    /** The Service {@code <c>-nameserver-external} over every NameServer's external listener. */
    public static Service nameServerService(BrokerCluster cluster, Names names) {
        Map<String, String> selector = Labels.nameServerSelector(names.cluster());
        Map<String, String> labels = Labels.withCommon(selector);
        labels.put(EXTERNAL_LABEL, "true");
        return service(cluster, names.nameServerExternalService(), labels, selector,
                new ServicePortBuilder().withName(Ports.EXTERNAL_NAME).withProtocol("TCP")
                        .withPort(Ports.NAMESERVER_EXTERNAL).withTargetPort(new IntOrString(Ports.EXTERNAL_NAME))
                        .build());
    }

    private static Service service(BrokerCluster cluster, String name, Map<String, String> labels,
            Map<String, String> selector, ServicePort port) {
        ExternalAccessSpec spec = ExternalAccessSpec.of(cluster.getSpec());
        // sorted: the user's map order must not change the desired hash
        Map<String, String> annotations = spec.getAnnotations() == null || spec.getAnnotations().isEmpty()
                ? null : new TreeMap<>(spec.getAnnotations());
        boolean loadBalancer = spec.type() == ExternalAccessSpec.ExternalServiceType.LoadBalancer;
        List<String> ranges = loadBalancer && spec.getLoadBalancerSourceRanges() != null
                && !spec.getLoadBalancerSourceRanges().isEmpty() ? List.copyOf(spec.getLoadBalancerSourceRanges()) : null;
        return new ServiceBuilder()
                .withMetadata(Owners.metadata(cluster, name, labels))
                .editMetadata().withAnnotations(annotations).endMetadata()
                .withNewSpec()
                    .withType(spec.type().name())
                    .withSelector(selector)
                    .withPorts(port)
                    .withExternalTrafficPolicy(spec.trafficPolicy().name())
                    .withLoadBalancerSourceRanges(ranges)
                .endSpec()
                .build();
    }

    /** The ConfigMap {@code <c>-external-addresses}: {@code {"<pod>": "host:port"}} for the pods with an address. */
    public static ConfigMap addressesConfigMap(BrokerCluster cluster, Names names, Map<String, String> addresses) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.NAME, Labels.APP);
        labels.put(Labels.INSTANCE, names.cluster());
        labels.put(Labels.COMPONENT, Labels.BROKER);
        labels.put(EXTERNAL_LABEL, "true");
        return new ConfigMapBuilder()
                .withMetadata(Owners.metadata(cluster, names.externalAddressesConfigMap(), Labels.withCommon(labels)))
                .withData(Map.of(ADDRESS_KEY, addressesJson(addresses)))
                .build();
    }

    /** addresses.json, keys sorted so equal maps give equal bytes. */
    public static String addressesJson(Map<String, String> addresses) {
        SortedMap<String, String> sorted = new TreeMap<>(addresses);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(sorted) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write addresses.json", e);
        }
    }

    /** externalListenPort for namesrv.conf while on; nothing otherwise, so the file of a cluster without it is unchanged. */
    public static Map<String, String> nameServerKeys(BrokerCluster cluster) {
        return enabled(cluster) ? Map.of(LISTEN_PORT_KEY, Integer.toString(Ports.NAMESERVER_EXTERNAL)) : Map.of();
    }

    /** externalAddressFile for broker files while on; nothing otherwise. */
    public static Map<String, String> brokerKeys(BrokerCluster cluster) {
        return enabled(cluster) ? Map.of(ADDRESS_FILE_KEY, ADDRESS_FILE) : Map.of();
    }

    /** The NameServer container port {@code external} while on. */
    public static List<ContainerPort> nameServerPort(BrokerCluster cluster) {
        if (!enabled(cluster)) {
            return List.of();
        }
        return List.of(new ContainerPortBuilder().withName(Ports.EXTERNAL_NAME)
                .withContainerPort(Ports.NAMESERVER_EXTERNAL).withProtocol("TCP").build());
    }

    /** The address ConfigMap as a broker volume while on. */
    public static List<Volume> brokerVolume(BrokerCluster cluster, Names names) {
        if (!enabled(cluster)) {
            return List.of();
        }
        return List.of(new VolumeBuilder().withName(VOLUME)
                .withNewConfigMap().withName(names.externalAddressesConfigMap()).endConfigMap().build());
    }

    /** Its mount, nested in the config mount like the role ConfigMap's. */
    public static List<VolumeMount> brokerMount(BrokerCluster cluster) {
        if (!enabled(cluster)) {
            return List.of();
        }
        return List.of(new VolumeMountBuilder().withName(VOLUME).withMountPath(ADDRESS_DIR).withReadOnly(true).build());
    }
}
