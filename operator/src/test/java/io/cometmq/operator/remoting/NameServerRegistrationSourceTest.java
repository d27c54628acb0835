package io.cometmq.operator.remoting;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NameServerRegistrationSourceTest {
    @Test
    void readsTheJavaNameServersUnquotedIdKeys() {
        // wire protocol doc §3.4: the Java NameServer writes broker ids as bare numbers
        String body = "{\"brokerAddrTable\":{\"broker-a\":{\"brokerAddrs\":{0:\"192.168.0.1:10911\",1:\"192.168.0.2:10911\"},"
                + "\"brokerName\":\"broker-a\",\"cluster\":\"DefaultCluster\",\"enableActingMaster\":false}},"
                + "\"clusterAddrTable\":{\"DefaultCluster\":[\"broker-a\"]}}";
        assertThat(NameServerRegistrationSource.keys(body.getBytes(StandardCharsets.UTF_8)))
                .containsExactly("broker-a/0", "broker-a/1");
    }

    @Test
    void noBodyMeansNoBrokers() {
        assertThat(NameServerRegistrationSource.keys(null)).isEmpty();
        assertThat(NameServerRegistrationSource.keys("{}".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }
}
