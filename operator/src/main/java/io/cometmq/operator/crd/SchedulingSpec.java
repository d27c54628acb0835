package io.cometmq.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Where pods may run. Applies to NameServer and broker pods. */
public class SchedulingSpec {

    @JsonPropertyDescription("Node labels every pod must match.")
    private Map<String, String> nodeSelector = new LinkedHashMap<>();

    @JsonPropertyDescription("Tolerations for tainted nodes.")
    private List<Toleration> tolerations = new ArrayList<>();

    @JsonPropertyDescription("Affinity as in a pod spec. A podAntiAffinity given here replaces the operator's own.")
    private Affinity affinity;

    @JsonPropertyDescription("Spread pods of one NameServer set / broker group across nodes: none, preferred (default) or required.")
    @Default("preferred")
    private AntiAffinityMode antiAffinity = AntiAffinityMode.preferred;

    public Map<String, String> getNodeSelector() { return nodeSelector; }
    public void setNodeSelector(Map<String, String> nodeSelector) { this.nodeSelector = nodeSelector; }
    public List<Toleration> getTolerations() { return tolerations; }
    public void setTolerations(List<Toleration> tolerations) { this.tolerations = tolerations; }
    public Affinity getAffinity() { return affinity; }
    public void setAffinity(Affinity affinity) { this.affinity = affinity; }
    public AntiAffinityMode getAntiAffinity() { return antiAffinity; }
    public void setAntiAffinity(AntiAffinityMode antiAffinity) { this.antiAffinity = antiAffinity; }
}
