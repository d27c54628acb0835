package io.cometmq.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.LinkedHashMap;
import java.util.Map;

/** Node sysctls a privileged init container writes before the broker starts (only when they differ). */
public class SysctlSpec {

    @JsonPropertyDescription("Run the privileged sysctl init container. Turn off where Pod Security forbids privileged pods; status then says tuning is off.")
    @Default("true")
    private boolean enabled = true;

    @JsonPropertyDescription("Sysctls to set, merged over the defaults vm.overcommit_memory=1, vm.max_map_count=655360, vm.swappiness=10.")
    // Values are checked by the schema's pattern (no CEL cost). Names are checked by the operator (InvalidSysctl):
    // a CEL rule over map keys would exceed the API server's cost budget, which gives keys no length bound.
    @Size(max = 32)
    private Map<String, @Size(max = 64) @Pattern("^[0-9]+( [0-9]+)*$") String> values = new LinkedHashMap<>();

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public Map<String, String> getValues() { return values; }
    public void setValues(Map<String, String> values) { this.values = values; }
}
