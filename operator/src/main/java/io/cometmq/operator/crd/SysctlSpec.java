package io.cometmq.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.LinkedHashMap;
import java.util.Map;

/** Node sysctls a privileged init container writes before the broker starts (only when they differ). */
public class SysctlSpec {

  @JsonPropertyDescription("Run the privileged sysctl init container. Turn off where Pod Security forbids privileged pods; status then says tuning is off.")
  @Default("true")
  private boolean enabled = true;

  @JsonPropertyDescription("Sysctls to set, merged over the defaults vm.overcommit_memory=1, vm.max_map_count=655360, vm.swappiness=10.")
  @ValidationRule(value = "self.all(k, k.matches('^(vm|fs|net|kernel)\\\\.[a-z0-9_.]+$') && self[k].matches('^[0-9]+( [0-9]+)*$'))",
      message = "sysctl names must look like vm.max_map_count and values must be numbers")
  private Map<String, String> values = new LinkedHashMap<>();

  public boolean isEnabled() { return enabled; }
  public void setEnabled(boolean enabled) { this.enabled = enabled; }
  public Map<String, String> getValues() { return values; }
  public void setValues(Map<String, String> values) { this.values = values; }
}
