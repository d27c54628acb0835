package io.cometmq.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.LinkedHashMap;
import java.util.Map;

/** Broker groups: one master and slavesPerGroup slaves each, sharing a brokerName. */
@ValidationRule(value = "self.replicationMode != 'SYNC' || self.slavesPerGroup >= 1",
        message = "replicationMode SYNC needs slavesPerGroup >= 1")
@ValidationRule(value = FailoverSpec.NEEDS_SLAVES_RULE,
        message = "failover.enabled true needs slavesPerGroup >= 1 (there is no slave to promote)")
public class BrokerSpec {
    public static final int MAX_CONFIG_KEYS = 256;
    public static final int MAX_CONFIG_VALUE_LENGTH = 4096;
    static final String OWNED_KEYS_RULE = "!has(self.brokerClusterName) && !has(self.brokerName) && !has(self.brokerId)"
            + " && !has(self.namesrvAddr) && !has(self.brokerIP1) && !has(self.listenPort) && !has(self.storePathRootDir)"
            + " && !has(self.brokerRole) && !has(self.flushDiskType) && !has(self.roleFile) && !has(self.memberName)"
            + " && !has(self.masterLeaseMillis) && !has(self.authenticationEnabled) && !has(self.authorizationEnabled)"
            + " && !has(self.initAuthenticationUser) && !has(self.innerClientAuthenticationCredentials)"
            + " && !has(self.metricsExporterType) && !has(self.metricsPromExporterHost)"
            + " && !has(self.metricsPromExporterPort) && !has(self.grpcServerPort) && !has(self.externalAddressFile)"
            // dotted keys are not CEL identifiers: a map lookup with 'in' costs the same as has()
            + " && !('tls.server.mode' in self) && !('tls.server.certPath' in self) && !('tls.server.keyPath' in self)"
            + " && !('tls.server.trustCertPath' in self) && !('tls.server.need.client.auth' in self)"
            + " && !('tls.enable' in self) && !('tls.client.trustCertPath' in self)"
            + " && !('tls.client.authServer' in self) && !('tls.client.certPath' in self)"
            + " && !('tls.client.keyPath' in self)";

    @JsonPropertyDescription("Number of broker groups (master + slaves). Shrinking needs the group drained first, see cometmq.io/drain-group.")
    @Min(1)
    @Max(64)
    @Default("1")
    private int groups = 1;

    @JsonPropertyDescription("Slaves per group; they get brokerIds 1..n (the master StatefulSet's pod gets 5 while it is a slave).")
    @Min(0)
    @Max(4)
    @Default("0")
    private int slavesPerGroup = 0;

    @JsonPropertyDescription("ASYNC: the master acknowledges before slaves copy. SYNC: after one slave has the message (needs slavesPerGroup >= 1).")
    @Default("ASYNC")
    private ReplicationMode replicationMode = ReplicationMode.ASYNC;

    @JsonPropertyDescription("ASYNC_FLUSH acknowledges before fsync, SYNC_FLUSH after it (group commit).")
    @Default("ASYNC_FLUSH")
    private FlushDiskType flushDiskType = FlushDiskType.ASYNC_FLUSH;

    @JsonPropertyDescription("Automatic failover: promote a caught-up slave when the master is unavailable.")
    private FailoverSpec failover = new FailoverSpec();

    @JsonPropertyDescription("Commit log volume.")
    private StorageSpec storage = new StorageSpec();

    @JsonPropertyDescription("CPU and memory requests and limits of the broker container.")
    private ResourceRequirements resources;

    @JsonPropertyDescription("JVM heap and options of the broker.")
    private JvmSpec jvm = new JvmSpec();

    // has() on a map key costs the same whatever the map holds, so this rule fits the API server's CEL budget
    // (iterating the keys would not: the estimator gives map keys no length bound). The key list must equal the
    // operator-owned keys of the broker key table; CelRulesTest checks that.
    @JsonPropertyDescription("Extra broker.conf keys (RocketMQ names). Keys the operator owns (brokerName, brokerId, namesrvAddr, ...) are refused; unknown keys and bad values are reported in status before anything rolls out.")
    @ValidationRule(value = OWNED_KEYS_RULE,
            message = "config may not set keys the operator owns (brokerClusterName, brokerName, brokerId, namesrvAddr, brokerIP1, listenPort, storePathRootDir, brokerRole, flushDiskType, roleFile, memberName, masterLeaseMillis, authenticationEnabled, authorizationEnabled, initAuthenticationUser, innerClientAuthenticationCredentials and the tls.* keys: use spec.security; metricsExporterType, metricsPromExporterHost, metricsPromExporterPort: use spec.monitoring; grpcServerPort: use spec.grpc; externalAddressFile: use spec.externalAccess)")
    @Size(max = MAX_CONFIG_KEYS)
    private Map<String, @Size(max = MAX_CONFIG_VALUE_LENGTH) String> config = new LinkedHashMap<>();

    public int getGroups() { return groups; }
    public void setGroups(int groups) { this.groups = groups; }
    public int getSlavesPerGroup() { return slavesPerGroup; }
    public void setSlavesPerGroup(int slavesPerGroup) { this.slavesPerGroup = slavesPerGroup; }
    public ReplicationMode getReplicationMode() { return replicationMode; }
    public void setReplicationMode(ReplicationMode replicationMode) { this.replicationMode = replicationMode; }
    public FlushDiskType getFlushDiskType() { return flushDiskType; }
    public void setFlushDiskType(FlushDiskType flushDiskType) { this.flushDiskType = flushDiskType; }
    public FailoverSpec getFailover() { return failover; }
    public void setFailover(FailoverSpec failover) { this.failover = failover; }
    public StorageSpec getStorage() { return storage; }
    public void setStorage(StorageSpec storage) { this.storage = storage; }
    public ResourceRequirements getResources() { return resources; }
    public void setResources(ResourceRequirements resources) { this.resources = resources; }
    public JvmSpec getJvm() { return jvm; }
    public void setJvm(JvmSpec jvm) { this.jvm = jvm; }
    public Map<String, String> getConfig() { return config; }
    public void setConfig(Map<String, String> config) { this.config = config; }
}
