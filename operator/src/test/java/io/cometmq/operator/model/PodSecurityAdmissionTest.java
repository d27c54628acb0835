package io.cometmq.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.cometmq.operator.BrokerClusters;
import io.cometmq.operator.crd.BrokerCluster;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodSecurityAdmissionTest {
    static final BrokerCluster TUNED = BrokerClusters.minimal("tuned");

    @Test
    void baselineRestrictedAndUnknownLevelsRefuseTheSysctlInitContainer() {
        for (String level : new String[] {"baseline", "restricted", "strict"}) {
            assertThat(PodSecurityAdmission.check(TUNED, Map.of(PodSecurityAdmission.ENFORCE_LABEL, level))).as(level)
                    .hasValueSatisfying(problem -> {
                        assertThat(problem.reason()).isEqualTo(PodSecurityAdmission.FORBIDS_SYSCTLS);
                        assertThat(problem.message()).isEqualTo("Namespace " + BrokerClusters.NAMESPACE + " enforces Pod Security "
                                + "level \"" + level + "\", which refuses the privileged sysctl init container: set "
                                + "spec.tuning.sysctls.enabled=false (and tune the nodes another way), or label the namespace "
                                + "pod-security.kubernetes.io/enforce=privileged.");
                    });
        }
    }

    @Test
    void privilegedOrUnlabelledNamespacesAdmitIt() {
        assertThat(PodSecurityAdmission.check(TUNED, Map.of(PodSecurityAdmission.ENFORCE_LABEL, "privileged"))).isEmpty();
        assertThat(PodSecurityAdmission.check(TUNED, Map.of("pod-security.kubernetes.io/warn", "restricted"))).isEmpty();
        assertThat(PodSecurityAdmission.check(TUNED, null)).isEmpty();
    }

    @Test
    void withSysctlsOffAnyLevelIsFine() {
        BrokerCluster untuned = BrokerClusters.minimal("untuned");
        untuned.getSpec().getTuning().getSysctls().setEnabled(false);
        assertThat(PodSecurityAdmission.check(untuned, Map.of(PodSecurityAdmission.ENFORCE_LABEL, "restricted"))).isEmpty();
    }
}
