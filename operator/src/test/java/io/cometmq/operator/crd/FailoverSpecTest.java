package io.cometmq.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FailoverSpecTest {

    @Test
    void unavailableForIsReadAsSecondsOrMinutes() {
        FailoverSpec spec = new FailoverSpec();
        assertThat(spec.unavailableFor()).isEqualTo(Duration.ofSeconds(30));
        spec.setUnavailableFor("2m");
        assertThat(spec.unavailableFor()).isEqualTo(Duration.ofMinutes(2));
        spec.setUnavailableFor("45s");
        assertThat(spec.unavailableFor()).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void aValueOutsideThePatternIsAnErrorNamingTheField() {
        FailoverSpec spec = new FailoverSpec();
        for (String bad : new String[] {"1h", "30", "s", "-5s", "1234567890s", " 30s"}) {
            spec.setUnavailableFor(bad);
            assertThatThrownBy(spec::unavailableFor).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("spec.broker.failover.unavailableFor").hasMessageContaining("'" + bad + "'");
        }
    }

    @Test
    void enabledDefaultsToWhetherThereIsASlave() {
        FailoverSpec spec = new FailoverSpec();
        assertThat(spec.effectiveEnabled(0)).isFalse();
        assertThat(spec.effectiveEnabled(1)).isTrue();
        spec.setEnabled(false);
        assertThat(spec.effectiveEnabled(3)).isFalse();
        spec.setEnabled(true);
        assertThat(spec.effectiveEnabled(3)).isTrue();
    }
}
