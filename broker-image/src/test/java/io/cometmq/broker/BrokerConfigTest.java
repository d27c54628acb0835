package io.cometmq.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cometmq.broker.store.FlushDiskType;
import io.cometmq.protocol.config.BrokerConfigKeys;
import io.cometmq.protocol.config.ConfigException;
import io.cometmq.protocol.config.ConfigKey;
import io.cometmq.protocol.config.Settings;
import io.cometmq.protocol.config.ValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BrokerConfigTest {

    @TempDir
    Path dir;

    @Test
    void everyReadKeyIsReportedAndPlainDefaultsComeFromTheTable() {
        Map<String, String> effective = BrokerConfig.defaults().asMap();
        assertThat(effective.keySet()).containsExactlyInAnyOrderElementsOf(BrokerConfigKeys.readNames());
        for (ConfigKey key : BrokerConfigKeys.all()) {
            if (!key.ignored() && key.defaultValue() != null) {
                assertThat(effective.get(key.name())).as(key.name()).isEqualTo(key.defaultValue());
            }
        }
    }

    @Test
    void derivedDefaultsFollowTheKeysTheyDependOn() throws Exception {
        BrokerConfig defaults = BrokerConfig.defaults();
        assertThat(defaults.haListenPort()).isEqualTo(10912);
        assertThat(defaults.brokerId()).isZero();
        assertThat(defaults.brokerIP2()).isEqualTo(defaults.brokerIP1());
        assertThat(defaults.asMap().get("diskCleanSpaceRatio")).isEqualTo("75");

        BrokerConfig slave = parse(Map.of(), "--config", file("slave.conf",
                "brokerRole=SLAVE\nlistenPort=20911\ndiskMaxUsedSpaceRatio=60\nbrokerIP1=10.0.0.7\n").toString());
        assertThat(slave.brokerId()).isEqualTo(1);
        assertThat(slave.haListenPort()).isEqualTo(20912);
        assertThat(slave.brokerIP2()).isEqualTo("10.0.0.7");
        assertThat(slave.asMap()).containsEntry("diskCleanSpaceRatio", "60").containsEntry("brokerId", "1")
                .containsEntry("haListenPort", "20912");
    }

    @Test
    void metricsKeysAreReadAndApachesOtherExportersAreRefusedNamingTheKey() {
        BrokerConfig prom = BrokerConfig.from(io.cometmq.protocol.config.Settings.fromMap(Map.of(
                "metricsExporterType", "PROM", "metricsPromExporterPort", "0", "metricsLabel", "team:pay",
                "enableLagAndDlqMetrics", "false"), "test"));
        assertThat(prom.metrics().prometheus()).isTrue();
        assertThat(prom.metrics().labels()).containsEntry("team", "pay");
        assertThat(prom.metrics().records(io.cometmq.protocol.metrics.MetricGroup.LAG_AND_DLQ)).isFalse();
        assertThat(BrokerConfig.defaults().metrics().prometheus()).isFalse();
        for (String exporter : new String[] {"OTLP_GRPC", "LOG"}) {
            assertThatThrownBy(() -> BrokerConfig.from(io.cometmq.protocol.config.Settings.fromMap(Map.of(
                    "metricsExporterType", exporter), "test")))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("metricsExporterType");
        }
    }

    @Test
    void enumKeysAllowExactlyTheBrokersEnumConstants() {
        assertThat(((ValueType.OneOf) BrokerConfigKeys.BROKER_ROLE.type()).values())
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(BrokerRole.values()).map(Enum::name).toList());
        assertThat(((ValueType.OneOf) BrokerConfigKeys.FLUSH_DISK_TYPE.type()).values())
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(FlushDiskType.values()).map(Enum::name).toList());
    }

    @Test
    void unknownKeyNamesTheSourceAndTheClosestKey() throws Exception {
        Path conf = file("broker.conf", "flushDiskTyp=SYNC_FLUSH\n");
        assertThatThrownBy(() -> parse(Map.of(), "--config", conf.toString()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown key 'flushDiskTyp' in " + conf)
                .hasMessageContaining("(did you mean 'flushDiskType'?)");
    }

    @Test
    void badValuesNameTheKeyTheSourceAndWhatIsAllowed() throws Exception {
        Path conf = file("broker.conf", "deleteWhen=25\n");
        assertThatThrownBy(() -> parse(Map.of(), "--config", conf.toString()))
                .hasMessage("key 'deleteWhen' in " + conf + " must be hours 0-23 separated by ';', or '*', was '25'");
        assertThatThrownBy(() -> parse(Map.of("COMETMQ_MAX_MESSAGE_SIZE", "0")))
                .hasMessage("key 'maxMessageSize' in environment variable COMETMQ_MAX_MESSAGE_SIZE must be between 1"
                        + " and 67108864, was 0");
        assertThatThrownBy(() -> parse(Map.of(), "--config", file("ratio.conf", "diskCleanSpaceRatio=95\n")
                .toString())).hasMessage("key 'diskCleanSpaceRatio' (95) must not exceed 'diskMaxUsedSpaceRatio' (90)");
    }

    @Test
    void ignoredRocketMqKeysAreAcceptedAndListed() throws Exception {
        BrokerConfig config = parse(Map.of(), "--config",
                file("rocketmq.conf", "serverWorkerThreads=8\nenableDLegerCommitLog=false\n").toString());
        assertThat(config.ignoredKeys()).containsExactly("enableDLegerCommitLog", "serverWorkerThreads");
        assertThat(config.asMap()).doesNotContainKeys("enableDLegerCommitLog", "serverWorkerThreads");
    }

    @Test
    void configErrorExitsWithCodeTwo() throws Exception {
        Path conf = file("broker.conf", "listenPort=99999\n");
        assertThat(new CommandLine(new BrokerMain()).execute("--config", conf.toString())).isEqualTo(2);
    }

    @Test
    void missingRoleFileOfAManagedBrokerExitsWithCodeTwoNamingTheFile() throws Exception {
        Path missing = dir.resolve("role").resolve("role.properties");
        Path conf = file("managed.conf", "roleFile=" + missing + "\nmemberName=dev-broker-0-master-0\nbrokerId=5\n"
                + "storePathRootDir=" + dir.resolve("store") + "\nlistenPort=0\nnamesrvAddr=\n");
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertThat(new CommandLine(new BrokerMain()).execute("--config", conf.toString())).isEqualTo(2);
        } finally {
            System.setErr(original);
        }
        assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("configuration error")
                .contains(missing.toString()).contains("roleFile");
    }

    @Test
    void unusableTlsCertificateFileStopsStartUpNamingTheFile() throws Exception {
        Path cert = dir.resolve("tls").resolve("tls.crt");
        Path conf = file("tls.conf", "tls.server.mode=enforcing\ntls.server.certPath=" + cert
                + "\ntls.server.keyPath=" + dir.resolve("tls").resolve("tls.key") + "\nstorePathRootDir="
                + dir.resolve("store") + "\nlistenPort=0\nnamesrvAddr=\n");
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertThat(new CommandLine(new BrokerMain()).execute("--config", conf.toString())).isEqualTo(1);
        } finally {
            System.setErr(original);
        }
        assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("cannot start")
                .contains(cert.toString());
    }

    private Path file(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    private static BrokerConfig parse(Map<String, String> env, String... args) {
        BrokerMain main = new BrokerMain();
        new CommandLine(main).parseArgs(args);
        return main.loadConfig(env);
    }

    @Test
    void externalAccessKeysAreCheckedAndTheFileNeedsAMemberName() {
        assertThat(BrokerConfig.defaults().externalAccess()).isEqualTo(BrokerConfig.ExternalAccess.NONE);
        BrokerConfig withKey = BrokerConfig.from(Settings.fromMap(Map.of("brokerExternalAddress",
                "203.0.113.1:30911"), "test"));
        assertThat(withKey.externalAccess().address()).isEqualTo("203.0.113.1:30911");
        assertThat(withKey.asMap()).containsEntry("brokerExternalAddress", "203.0.113.1:30911");
        assertThatThrownBy(() -> BrokerConfig.from(Settings.fromMap(Map.of("brokerExternalAddress",
                "203.0.113.1"), "test"))).hasMessageContaining("key 'brokerExternalAddress' in test must be empty or "
                + "host:port, was '203.0.113.1'");
        assertThatThrownBy(() -> BrokerConfig.from(Settings.fromMap(Map.of("externalAddressFile",
                "/etc/cometmq/external/addresses.json"), "test"))).hasMessageContaining("key 'memberName'")
                .hasMessageContaining("'externalAddressFile' is set");
        BrokerConfig withFile = BrokerConfig.from(Settings.fromMap(Map.of("externalAddressFile",
                "/etc/cometmq/external/addresses.json", "memberName", "demo-broker-0-master-0"), "test"));
        assertThat(withFile.externalAccess().file()).isEqualTo(Path.of("/etc/cometmq/external/addresses.json"));
        assertThat(withFile.externalAccess().memberName()).isEqualTo("demo-broker-0-master-0");
        assertThat(withFile.managed()).as("a member name alone is not managed mode").isNull();
    }
}
