package io.cometmq.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Operating-system tuning of broker pods. */
public class TuningSpec {

    @JsonPropertyDescription("Node sysctls.")
    private SysctlSpec sysctls = new SysctlSpec();

    @JsonPropertyDescription("Open-files soft limit the broker raises itself to at start-up (passed as COMETMQ_NOFILE_TARGET).")
    @Min(1024)
    @Max(1048576)
    @Default("655350")
    private int nofileTarget = 655350;

    public SysctlSpec getSysctls() { return sysctls; }
    public void setSysctls(SysctlSpec sysctls) { this.sysctls = sysctls; }
    public int getNofileTarget() { return nofileTarget; }
    public void setNofileTarget(int nofileTarget) { this.nofileTarget = nofileTarget; }
}
