package io.cometmq.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import java.util.ArrayList;
import java.util.List;

/** JVM settings of one component: the heap becomes -Xms/-Xmx, options are appended as they are. */
public class JvmSpec {

    @JsonPropertyDescription("Heap size for -Xms and -Xmx, e.g. 512m or 4g.")
    @Pattern("^[1-9][0-9]*[mMgG]$")
    private String heap;

    @JsonPropertyDescription("Extra JVM options, appended after the heap flags.")
    private List<String> options = new ArrayList<>();

    public String getHeap() { return heap; }
    public void setHeap(String heap) { this.heap = heap; }
    public List<String> getOptions() { return options; }
    public void setOptions(List<String> options) { this.options = options; }
}
