package io.cometmq.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** The NameServer StatefulSet: how many, how big. */
public class NameServerSpec {

    @JsonPropertyDescription("Number of NameServers. Brokers register with every one of them.")
    @Min(1)
    @Max(9)
    @Default("2")
    private int replicas = 2;

    @JsonPropertyDescription("CPU and memory requests and limits of the NameServer container.")
    private ResourceRequirements resources;

    @JsonPropertyDescription("JVM heap and options of the NameServer.")
    private JvmSpec jvm = new JvmSpec();

    public int getReplicas() { return replicas; }
    public void setReplicas(int replicas) { this.replicas = replicas; }
    public ResourceRequirements getResources() { return resources; }
    public void setResources(ResourceRequirements resources) { this.resources = resources; }
    public JvmSpec getJvm() { return jvm; }
    public void setJvm(JvmSpec jvm) { this.jvm = jvm; }
}
