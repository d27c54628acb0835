package io.cometmq.operator.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Every resource name, pod DNS name and address the operator derives from a cluster name, in one place
 * so that builders, reconcilers, status and tests cannot drift apart.
 *
 * <pre>
 *   &lt;c&gt;-nameserver             headless Service, StatefulSet and PDB of the NameServers
 *   &lt;c&gt;-nameserver-config      ConfigMap with namesrv.conf
 *   &lt;c&gt;-broker-&lt;g&gt;             brokerName of group g, and its PDB
 *   &lt;c&gt;-broker-&lt;g&gt;-config      ConfigMap with master.conf and slave.conf
 *   &lt;c&gt;-broker-&lt;g&gt;-role        ConfigMap with role.properties: who is master (created once, then the failover controller's)
 *   &lt;c&gt;-superuser, &lt;c&gt;-inner-credentials, &lt;c&gt;-broker-security, &lt;c&gt;-ca, &lt;c&gt;-tls   Secrets of spec.security
 *   &lt;c&gt;                       NetworkPolicy (spec.security) and PodMonitor (spec.monitoring)
 *   &lt;c&gt;-grpc                  Service (spec.grpc) over every broker pod: the endpoint of RocketMQ 5 SDKs
 *   &lt;pod&gt;-external, &lt;c&gt;-nameserver-external, &lt;c&gt;-external-addresses   Services and ConfigMap of spec.externalAccess
 *   &lt;c&gt;-broker-&lt;g&gt;-master      StatefulSet (1 replica) + headless Service: the master's home
 *   &lt;c&gt;-broker-&lt;g&gt;-slave       StatefulSet (slavesPerGroup replicas) + headless Service: the slaves' home
 *   pod DNS: &lt;pod&gt;.&lt;service&gt;.&lt;namespace&gt;.svc.&lt;clusterDomain&gt;
 * </pre>
 *
 * A StatefulSet name plus the controller-revision hash must fit in a 63-character label, so the longest
 * StatefulSet name is 52 characters; with "-broker-63-master" that leaves {@link #MAX_CLUSTER_NAME}.
 */
public final class Names {
    public static final int MAX_CLUSTER_NAME = 35;
    public static final String DEFAULT_CLUSTER_DOMAIN = "cluster.local";

    private final String cluster;
    private final String namespace;
    private final String clusterDomain;

    public Names(String cluster, String namespace, String clusterDomain) {
        this.cluster = cluster;
        this.namespace = namespace;
        this.clusterDomain = clusterDomain;
    }

    public String cluster() { return cluster; }

    public String namespace() { return namespace; }

    public String nameServer() { return cluster + "-nameserver"; }

    public String nameServerConfigMap() { return cluster + "-nameserver-config"; }

    public String nameServerPod(int ordinal) { return nameServer() + "-" + ordinal; }

    public String nameServerHost(int ordinal) { return host(nameServerPod(ordinal), nameServer()); }

    /** host:port of each NameServer, by ordinal. */
    public List<String> nameServerAddresses(int replicas) {
        return IntStream.range(0, replicas).mapToObj(i -> nameServerHost(i) + ":" + Ports.NAMESERVER).toList();
    }

    /** RocketMQ namesrvAddr: every NameServer's stable DNS name and port, separated by ';'. */
    public String nameServerAddress(int replicas) { return String.join(";", nameServerAddresses(replicas)); }

    /** The host:port entries of a namesrvAddr, blanks dropped (the reverse of {@link #nameServerAddress}). */
    public static List<String> splitNameServerAddress(String namesrvAddr) {
        List<String> addresses = new ArrayList<>();
        if (namesrvAddr != null) {
            for (String address : namesrvAddr.split(";")) {
                if (!address.isBlank()) {
                    addresses.add(address.trim());
                }
            }
        }
        return addresses;
    }

    public String brokerName(int group) { return cluster + "-broker-" + group; }

    public String brokerConfigMap(int group) { return brokerName(group) + "-config"; }

    /** The group's role assignment (who is master, controller epoch): written by the failover controller. */
    public String brokerRoleConfigMap(int group) { return brokerName(group) + "-role"; }

    public String brokerPdb(int group) { return brokerName(group); }

    /** Generated super user (keys username, password) when spec.security names none. */
    public String superUserSecret() { return cluster + "-superuser"; }

    /** Generated inner credentials (keys accessKey, secretKey) when spec.security names none. */
    public String innerCredentialsSecret() { return cluster + "-inner-credentials"; }

    /** Rendered from the two above: the JSON values of initAuthenticationUser and innerClientAuthenticationCredentials. */
    public String brokerSecuritySecret() { return cluster + "-broker-security"; }

    /** Operator-created CA (keys ca.crt, ca.key) when spec.security.tls names no certificate Secret. */
    public String caSecret() { return cluster + "-ca"; }

    /** Operator-created serving certificate (tls.crt, tls.key, ca.crt), signed by {@link #caSecret()}. */
    public String tlsSecret() { return cluster + "-tls"; }

    /** NetworkPolicy of the cluster's pods when spec.security.networkPolicy is on. */
    public String networkPolicy() { return cluster; }

    /** PodMonitor (monitoring.coreos.com/v1) of the cluster's broker and NameServer pods (spec.monitoring). */
    public String podMonitor() { return cluster; }

    /** Service of spec.grpc over every broker pod of the cluster. */
    public String grpcService() { return cluster + "-grpc"; }

    /** What status.grpcEndpoint says and SDKs dial: the gRPC Service's namespace-qualified name and port. */
    public String grpcEndpoint(int port) { return grpcService() + "." + namespace + ".svc:" + port; }

    /** Service of spec.externalAccess in front of one broker pod (selected by its pod-name label). */
    public String brokerExternalService(String pod) { return pod + "-external"; }

    /** Service of spec.externalAccess in front of the NameServers' external listener. */
    public String nameServerExternalService() { return nameServer() + "-external"; }

    /** ConfigMap of spec.externalAccess: addresses.json, each broker pod's external host:port. */
    public String externalAddressesConfigMap() { return cluster + "-external-addresses"; }

    /** StatefulSet and its headless Service share this name. */
    public String brokerSet(int group, BrokerRole role) { return brokerName(group) + "-" + role.suffix(); }

    public String brokerPod(int group, BrokerRole role, int ordinal) { return brokerSet(group, role) + "-" + ordinal; }

    /** Where a pod of group g lives: its StatefulSet (by home role) and ordinal. */
    public record PodSlot(BrokerRole role, int ordinal) {}

    /** The StatefulSet and ordinal of {@code pod} in group g, or empty when it is not one of that group's pods. */
    public Optional<PodSlot> brokerPodSlot(int group, String pod) {
        if (pod == null) {
            return Optional.empty();
        }
        for (BrokerRole role : BrokerRole.values()) {
            String prefix = brokerSet(group, role) + "-";
            String rest = pod.startsWith(prefix) ? pod.substring(prefix.length()) : "";
            if (rest.matches("[0-9]{1,4}")) {
                return Optional.of(new PodSlot(role, Integer.parseInt(rest)));
            }
        }
        return Optional.empty();
    }

    public String brokerHost(int group, BrokerRole role, int ordinal) {
        return host(brokerPod(group, role, ordinal), brokerSet(group, role));
    }

    /** host:port a broker serves remoting on. */
    public String brokerAddress(int group, BrokerRole role, int ordinal) {
        return brokerHost(group, role, ordinal) + ":" + Ports.BROKER_REMOTING;
    }

    /** Host part of a pod's stable DNS name, with the pod name left to the downward API. */
    public String podHostSuffix(String service) { return "." + service + "." + namespace + ".svc." + clusterDomain; }

    private String host(String pod, String service) { return pod + podHostSuffix(service); }
}
