package io.cometmq.namesrv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cometmq.protocol.config.ConfigException;
import io.cometmq.protocol.tls.TlsMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class NameServerMainTest {

    @TempDir
    Path dir;

    @Test
    void defaultsMatchTheSeedPeriods() {
        NameServerConfig config = NameServerConfig.defaults();
        assertThat(config.listenPort()).isEqualTo(9876);
        assertThat(config.scanNotActiveBrokerInterval().toSeconds()).isEqualTo(10);
        assertThat(config.brokerExpiredTime().toSeconds()).isEqualTo(120);
    }

    @Test
    void flagsOverrideEnvironmentWhichOverridesTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("ns.yaml"),
                "listenPort: 1000\nbrokerExpiredTime: 5000\nscanNotActiveBrokerInterval: 700\n");

        NameServerConfig fileOnly = parse(Map.of(), "--config", file.toString());
        NameServerConfig withEnv = parse(Map.of("COMETMQ_LISTEN_PORT", "2000", "COMETMQ_BROKER_EXPIRED_TIME", "6000"),
                "--config", file.toString());
        NameServerConfig withFlag = parse(Map.of("COMETMQ_LISTEN_PORT", "2000"), "--config", file.toString(),
                "--listen-port", "3000");

        assertThat(fileOnly.listenPort()).isEqualTo(1000);
        assertThat(fileOnly.scanNotActiveBrokerInterval().toMillis()).isEqualTo(700);
        assertThat(withEnv.listenPort()).isEqualTo(2000);
        assertThat(withEnv.brokerExpiredTime().toMillis()).isEqualTo(6000);
        assertThat(withFlag.listenPort()).isEqualTo(3000);
    }

    @Test
    void unknownKeyIsNamedWithTheKnownOnes() throws Exception {
        Path file = Files.writeString(dir.resolve("ns.yaml"), "listenport: 1000\n");
        assertThatThrownBy(() -> parse(Map.of(), "--config", file.toString()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown key 'listenport'")
                .hasMessageContaining("listenPort");
    }

    @Test
    void badValuesNameTheKeyAndTheSource() throws Exception {
        Path file = Files.writeString(dir.resolve("ns.yaml"), "enableAllTopicList: maybe\n");
        assertThatThrownBy(() -> parse(Map.of(), "--config", file.toString()))
                .hasMessageContaining("'enableAllTopicList'").hasMessageContaining("ns.yaml")
                .hasMessageContaining("true or false");
        assertThatThrownBy(() -> parse(Map.of("COMETMQ_LISTEN_PORT", "ninety")))
                .hasMessageContaining("'listenPort'").hasMessageContaining("COMETMQ_LISTEN_PORT");
    }

    @Test
    void externalListenerIsOffByDefaultAndItsKeysAreChecked() throws Exception {
        NameServerConfig defaults = NameServerConfig.defaults();
        assertThat(defaults.externalListenerEnabled()).isFalse();
        assertThat(defaults.externalListenPort()).isEqualTo(-1);
        assertThat(defaults.externalListenHost()).isEqualTo(defaults.listenHost());
        assertThat(defaults.asMap()).containsEntry("externalListenPort", "-1");

        NameServerConfig external = parse(Map.of("COMETMQ_EXTERNAL_LISTEN_PORT", "9877"), "--listen-host", "10.0.0.5");
        assertThat(external.externalListenerEnabled()).isTrue();
        assertThat(external.externalListenHost()).isEqualTo("10.0.0.5");

        assertThatThrownBy(() -> parse(Map.of("COMETMQ_EXTERNAL_LISTEN_PORT", "-2")))
                .hasMessageContaining("externalListenPort").hasMessageContaining("between -1 and 65535");
        assertThatThrownBy(() -> parse(Map.of("COMETMQ_EXTERNAL_LISTEN_PORT", "9876")))
                .hasMessageContaining("key 'externalListenPort'").hasMessageContaining("must differ from listenPort");
    }

    @Test
    void missingOrMalformedFileIsReported() throws Exception {
        assertThatThrownBy(() -> parse(Map.of(), "--config", dir.resolve("nope.yaml").toString()))
                .hasMessageContaining("does not exist");
        Path file = Files.writeString(dir.resolve("bad.yaml"), "listenPort: [1, 2\n");
        assertThatThrownBy(() -> parse(Map.of(), "--config", file.toString())).hasMessageContaining("YAML");
    }

    @Test
    void tlsKeysAreReadAsTheBrokerReadsThemAndPasswordsAreNeverShown() throws Exception {
        Path file = Files.writeString(dir.resolve("ns.yaml"), "tls.server.mode: enforcing\n"
                + "tls.server.certPath: /etc/cometmq/tls/tls.crt\ntls.server.keyPath: /etc/cometmq/tls/tls.key\n"
                + "tls.server.keyPassword: hunter2\ntlsReloadInterval: 2000\n");
        NameServerConfig config = parse(Map.of(), "--config", file.toString());
        assertThat(config.tls().serverMode()).isEqualTo(TlsMode.ENFORCING);
        assertThat(config.tls().serverCertPath()).isEqualTo("/etc/cometmq/tls/tls.crt");
        assertThat(config.tls().reloadInterval().toMillis()).isEqualTo(2000);
        assertThat(config.asMap()).containsEntry("tls.server.mode", "enforcing")
                .containsEntry("tls.server.keyPassword", "<redacted>").doesNotContainValue("hunter2");
        assertThat(NameServerConfig.defaults().tls().serverMode()).isEqualTo(TlsMode.DISABLED);
        assertThat(NameServerConfig.defaults().asMap()).containsEntry("tls.server.keyPassword", "");

        Path badMode = Files.writeString(dir.resolve("bad-mode.yaml"), "tls.server.mode: strict\n");
        assertThatThrownBy(() -> parse(Map.of(), "--config", badMode.toString()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'tls.server.mode'")
                .hasMessageContaining("bad-mode.yaml");
        Path noCert = Files.writeString(dir.resolve("no-cert.yaml"), "tls.server.mode: permissive\n");
        assertThatThrownBy(() -> parse(Map.of(), "--config", noCert.toString()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tls.server.certPath");
    }

    @Test
    void unusableCertificateFileStopsStartUpNamingTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("ns.yaml"), "listenPort: 0\ntls.server.mode: enforcing\n"
                + "tls.server.certPath: " + dir.resolve("missing.crt") + "\ntls.server.keyPath: "
                + dir.resolve("missing.key") + "\n");
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true));
        int exit;
        try {
            exit = new CommandLine(new NameServerMain()).execute("--config", file.toString());
        } finally {
            System.setErr(saved);
        }
        assertThat(exit).isEqualTo(1);
        assertThat(captured.toString()).contains("cannot start").contains(dir.resolve("missing.crt").toString());
    }

    @Test
    void configErrorExitsWithCodeTwo() throws Exception {
        Path file = Files.writeString(dir.resolve("ns.yaml"), "listenPort: 99999\n");
        int exit = new CommandLine(new NameServerMain()).execute("--config", file.toString());
        assertThat(exit).isEqualTo(2);
    }

    private static NameServerConfig parse(Map<String, String> env, String... args) {
        NameServerMain main = new NameServerMain();
        new CommandLine(main).parseArgs(args);
        return main.loadConfig(env);
    }
}
