package io.cometmq.protocol.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerConfigKeysTest {

    @Test
    void aTypoIsReportedWithTheClosestKnownKey() {
        assertThat(BrokerConfigKeys.validate(Map.of("flushDiskTyp", "SYNC_FLUSH")))
                .containsExactly("unknown key 'flushDiskTyp' (did you mean 'flushDiskType'?)");
        assertThat(BrokerConfigKeys.validate(Map.of("maxmessagesize", "1024")))
                .containsExactly("unknown key 'maxmessagesize' (did you mean 'maxMessageSize'?)");
        assertThat(BrokerConfigKeys.validate(Map.of("somethingElseEntirely", "1")))
                .containsExactly("unknown key 'somethingElseEntirely'");
    }

    @Test
    void badValuesNameTheKeyTheValueAndWhatIsAllowed() {
        assertThat(BrokerConfigKeys.validate(Map.of(
                "maxMessageSize", "lots",
                "fileReservedTime", "0",
                "slaveReadEnable", "yes",
                "brokerRole", "MASTER",
                "deleteWhen", "25",
                "messageDelayLevel", "1s 0m")))
                .containsExactly(
                        "key 'brokerRole' must be one of ASYNC_MASTER | SYNC_MASTER | SLAVE, was 'MASTER'",
                        "key 'deleteWhen' must be hours 0-23 separated by ';', or '*', was '25'",
                        "key 'fileReservedTime' must be between 1 and 8760, was 0",
                        "key 'maxMessageSize' must be an integer, was 'lots'",
                        "key 'messageDelayLevel' must be durations like '1s 5s 1m 2h' (s, m, h, d) separated by "
                                + "spaces, was '1s 0m'",
                        "key 'slaveReadEnable' must be true or false, was 'yes'");
    }

    @Test
    void goodValuesAndIgnoredRocketMqKeysPass() {
        assertThat(BrokerConfigKeys.validate(Map.of(
                "maxMessageSize", "1048576",
                "slaveReadEnable", "TRUE",
                "flushDiskType", "sync_flush",
                "deleteWhen", "04;16",
                "messageDelayLevel", "1s 2m 3h 1d",
                "namesrvAddr", "ns-0:9876;ns-1:9876",
                "serverWorkerThreads", "8",
                "enableDLegerCommitLog", "false"))).isEmpty();
        assertThat(BrokerConfigKeys.validate(Map.of("regionId", "eu\nbrokerId=3"))).containsExactly(
                "key 'regionId' must be a single line, was 'eu\\nbrokerId=3'");
        assertThat(BrokerConfigKeys.validate(Map.of("namesrvAddr", "ns-0"))).containsExactly(
                "key 'namesrvAddr' must be host:port;host:port, and 'ns-0' is not host:port");
    }

    @Test
    void diskCleanRatioMayNotExceedTheMaxUsedRatioIncludingItsDerivedDefault() {
        assertThat(BrokerConfigKeys.validate(Map.of("diskCleanSpaceRatio", "95"))).containsExactly(
                "key 'diskCleanSpaceRatio' (95) must not exceed 'diskMaxUsedSpaceRatio' (90)");
        assertThat(BrokerConfigKeys.validate(Map.of("diskMaxUsedSpaceRatio", "50"))).isEmpty();
        assertThat(BrokerConfigKeys.validate(Map.of("diskMaxUsedSpaceRatio", "50", "diskCleanSpaceRatio", "60")))
                .containsExactly("key 'diskCleanSpaceRatio' (60) must not exceed 'diskMaxUsedSpaceRatio' (50)");
    }

    @Test
    void everyKeyHasADocLineAndReadKeysHaveADefault() {
        assertThat(BrokerConfigKeys.all()).allSatisfy(key -> {
            assertThat(key.doc()).as(key.name()).isNotBlank().doesNotContain("\n");
            if (!key.ignored()) {
                assertThat(key.defaultText()).as(key.name()).isNotNull();
            }
        });
        assertThat(BrokerConfigKeys.operatorOwnedNames()).containsExactlyInAnyOrder("brokerClusterName",
                "brokerName", "brokerId", "namesrvAddr", "brokerIP1", "listenPort", "storePathRootDir",
                "brokerRole", "flushDiskType", "roleFile", "memberName", "masterLeaseMillis", "authenticationEnabled",
                "authorizationEnabled", "initAuthenticationUser", "innerClientAuthenticationCredentials",
                "tls.server.mode", "tls.server.certPath", "tls.server.keyPath", "tls.server.trustCertPath",
                "tls.server.need.client.auth", "tls.enable", "tls.client.trustCertPath", "tls.client.authServer",
                "tls.client.certPath", "tls.client.keyPath", "metricsExporterType", "metricsPromExporterHost",
                "metricsPromExporterPort", "grpcServerPort", "externalAddressFile");
        assertThat(BrokerConfigKeys.readNames()).containsAll(BrokerConfigKeys.operatorOwnedNames())
                .doesNotContainAnyElementsOf(BrokerConfigKeys.ignoredNames());
    }

    @Test
    void brokerExternalAddressMustBeEmptyOrHostPort() {
        assertThat(BrokerConfigKeys.validate(Map.of("brokerExternalAddress", ""))).isEmpty();
        assertThat(BrokerConfigKeys.validate(Map.of("brokerExternalAddress", "lb.example.com:30911"))).isEmpty();
        assertThat(BrokerConfigKeys.validate(Map.of("brokerExternalAddress", "[2001:db8::1]:10911"))).isEmpty();
        assertThat(BrokerConfigKeys.validate(Map.of("brokerExternalAddress", "lb.example.com"))).containsExactly(
                "key 'brokerExternalAddress' must be empty or host:port, was 'lb.example.com'");
        assertThat(BrokerConfigKeys.validate(Map.of("brokerExternalAddress", "10.0.0.1:70000"))).containsExactly(
                "key 'brokerExternalAddress' must be host:port with a port between 1 and 65535, was '10.0.0.1:70000'");
        assertThat(BrokerConfigKeys.validate(Map.of("brokerExternalAddress", "a:1;b:2"))).hasSize(1);
        assertThat(BrokerConfigKeys.operatorOwnedNames()).contains("externalAddressFile")
                .doesNotContain("brokerExternalAddress");
    }
}
