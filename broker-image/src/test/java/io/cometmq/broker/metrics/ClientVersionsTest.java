package io.cometmq.broker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.apache.rocketmq.common.MQVersion;
import org.junit.jupiter.api.Test;

class ClientVersionsTest {

    /** Every version number names the constant the Apache 5.3.3 client's own table names, beyond it included. */
    @Test
    void namesEveryVersionAsApacheDoes() {
        int length = MQVersion.Version.values().length;
        for (int version = 0; version < length + 50; version++) {
            assertThat(ClientVersions.label(version)).as("version %d", version)
                    .isEqualTo(MQVersion.getVersionDesc(version).toLowerCase(Locale.ROOT));
        }
        assertThat(ClientVersions.label(MQVersion.Version.V5_3_3.ordinal())).isEqualTo("v5_3_3");
        assertThat(ClientVersions.label(100_000)).isEqualTo("higher_version");
    }
}
