package io.cometmq.e2e.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.cometmq.protocol.tls.TestCertificates;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.apache.rocketmq.remoting.netty.TlsSystemConfig;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client jar against a secured NameServer and broker (fat jars on loopback, as in {@link ClientCliIT}): TLS
 * {@code enforcing} with a CA made for this run, authentication and authorization on. Credentials reach the client
 * only through {@code COMETMQ_ACCESS_KEY}/{@code COMETMQ_SECRET_KEY}, the CA through {@code --tls-trust-cert}: what
 * the cluster test's Jobs do with a Secret.
 */
@Timeout(value = 4, unit = java.util.concurrent.TimeUnit.MINUTES)
class SecuredClientCliIT {
    static final Path REPO = Path.of(System.getProperty("repo.dir", "..")).toAbsolutePath().normalize();
    static final Path CLIENT_JAR = Path.of(System.getProperty("client.jar", "target/cometmq-e2e-client.jar"));
    static Path work;
    static final String ROOT_PASSWORD = "root-pass-" + System.nanoTime();
    static final String APP_PASSWORD = "app-pass-" + System.nanoTime();

    static final List<JarProcess> servers = new ArrayList<>();
    static String namesrv;
    static Path caCert;
    static int runs;

    @BeforeAll
    static void startSecuredNameServerAndBroker() throws Exception {
        // a new directory each run: a broker store from an earlier run keeps that run's root password (the initial
        // user is created only when missing)
        Files.createDirectories(Path.of("target"));
        work = Files.createTempDirectory(Path.of("target"), "secured-client-cli-it-").toAbsolutePath();
        TestCertificates.Authority ca = TestCertificates.newAuthority(work, "ca");
        caCert = ca.certPath();
        TestCertificates.Issued server = ca.issue(work, "server");
        List<String> tls = List.of(
                "tls.server.mode: \"enforcing\"",
                "tls.server.certPath: \"" + server.certPath() + "\"",
                "tls.server.keyPath: \"" + server.keyPath() + "\"",
                "tls.enable: \"true\"",
                "tls.client.authServer: \"true\"",
                "tls.client.trustCertPath: \"" + caCert + "\"");
        int nameServerPort = freePort();
        namesrv = "127.0.0.1:" + nameServerPort;
        Path nameServerConfig = work.resolve("nameserver.yaml");
        Files.writeString(nameServerConfig, String.join("\n", tls) + "\n");
        servers.add(JarProcess.start(REPO.resolve("nameserver-image/target/cometmq-nameserver.jar"),
                work.resolve("nameserver.log"), List.of("--config", nameServerConfig.toString(), "--listen-host",
                        "127.0.0.1", "--listen-port", Integer.toString(nameServerPort)))
                .awaitLog("listening on", Duration.ofSeconds(60)));
        int brokerPort = freePort();
        String brokerAddress = "127.0.0.1:" + brokerPort;
        List<String> broker = new ArrayList<>(List.of(
                "brokerClusterName: \"E2ESecuredCluster\"",
                "brokerName: \"secured-it\"",
                "namesrvAddr: \"" + namesrv + "\"",
                "brokerIP1: \"127.0.0.1\"",
                "listenHost: \"127.0.0.1\"",
                "listenPort: \"" + brokerPort + "\"",
                "haListenPort: \"" + freePort() + "\"",
                "storePathRootDir: \"" + work.resolve("store") + "\"",
                "mappedFileSizeCommitLog: \"16777216\"",
                "autoCreateTopicEnable: \"true\"",
                "authenticationEnabled: \"true\"",
                "authorizationEnabled: \"true\"",
                "initAuthenticationUser: '{\"username\":\"root\",\"password\":\"" + ROOT_PASSWORD + "\"}'",
                "innerClientAuthenticationCredentials: '{\"accessKey\":\"cometmq-inner\",\"secretKey\":\"inner-"
                        + System.nanoTime() + "\"}'"));
        broker.addAll(tls);
        Path brokerConfig = work.resolve("broker.yaml");
        Files.writeString(brokerConfig, String.join("\n", broker) + "\n");
        servers.add(JarProcess.start(REPO.resolve("broker-image/target/cometmq-broker.jar"),
                work.resolve("broker.log"), List.of("--config", brokerConfig.toString()))
                .awaitLog("listening on", Duration.ofSeconds(60)));
        createNormalUser(brokerAddress);
    }

    /** {@code app} may Pub/Sub topic CliAcl and Sub group cli-acl: what the cluster test's BrokerUser declares. */
    private static void createNormalUser(String brokerAddress) throws Exception {
        boolean testMode = TlsSystemConfig.tlsTestModeEnable;
        boolean authServer = TlsSystemConfig.tlsClientAuthServer;
        String trust = TlsSystemConfig.tlsClientTrustCertPath;
        System.setProperty("io.netty.handler.ssl.defaultEndpointVerificationAlgorithm", "NONE");
        TlsSystemConfig.tlsTestModeEnable = false;
        TlsSystemConfig.tlsClientAuthServer = true;
        TlsSystemConfig.tlsClientTrustCertPath = caCert.toString();
        DefaultMQAdminExt root = new DefaultMQAdminExt(
                new AclClientRPCHook(new SessionCredentials("root", ROOT_PASSWORD)), 10_000);
        root.setNamesrvAddr(namesrv);
        root.setInstanceName("secured-it-admin-" + System.nanoTime());
        root.setUseTLS(true);
        root.start();
        try {
            root.createUser(brokerAddress, "app", APP_PASSWORD, "Normal");
            root.createAcl(brokerAddress, "User:app", List.of("Topic:CliAcl"), List.of("Pub", "Sub"), null, "Allow");
            root.createAcl(brokerAddress, "User:app", List.of("Group:cli-acl"), List.of("Sub"), null, "Allow");
        } finally {
            root.shutdown();
            TlsSystemConfig.tlsTestModeEnable = testMode;
            TlsSystemConfig.tlsClientAuthServer = authServer;
            TlsSystemConfig.tlsClientTrustCertPath = trust;
        }
    }

    @AfterAll
    static void stopServers() throws InterruptedException {
        for (int i = servers.size() - 1; i >= 0; i--) {
            servers.get(i).close();
        }
    }

    @Test
    void credentialsFromTheEnvironmentAndTheCaFileMakeARoundTripOverTls() throws Exception {
        Map<String, String> root = credentials("root", ROOT_PASSWORD);
        JarProcess produce = client(root, "produce", "--namesrv", namesrv, "--topic", "CliSecured", "--count", "10",
                "--run-id", "sec", "--tls-trust-cert", caCert.toString());
        assertThat(produce.waitFor(Duration.ofSeconds(90))).as("produce log:\n%s", produce.log()).isZero();
        ClientReport sent = ClientReport.parse("sec", produce.log());
        assertThat(sent.acked()).isEqualTo(SequenceRanges.firstN(10));
        assertThat(produce.log()).contains("producer: user root, TLS trusting " + caCert)
                .doesNotContain(ROOT_PASSWORD);

        JarProcess consume = client(root, "consume", "--namesrv", namesrv, "--topic", "CliSecured", "--group",
                "cli-sec", "--run-id", "sec", "--expect", "10", "--timeout", "90", "--tls-trust-cert",
                caCert.toString());
        assertThat(consume.waitFor(Duration.ofSeconds(120))).as("consume log:\n%s", consume.log()).isZero();
        assertThat(ClientReport.parse("sec", consume.log()).received()).isEqualTo(sent.acked());
    }

    @Test
    void aNormalUserMakesARoundTripOnItsTopicAndIsRefusedAnotherWithNoPermission() throws Exception {
        Map<String, String> app = credentials("app", APP_PASSWORD);
        JarProcess produce = client(app, "produce", "--namesrv", namesrv, "--topic", "CliAcl", "--count", "5",
                "--run-id", "acl", "--tls-trust-cert", caCert.toString());
        assertThat(produce.waitFor(Duration.ofSeconds(90))).as("produce log:\n%s", produce.log()).isZero();
        ClientReport sent = ClientReport.parse("acl", produce.log());
        assertThat(sent.acked()).isEqualTo(SequenceRanges.firstN(5));
        // a push consumer (heartbeat, rebalance, pulls, offsets, its retry topic) with Sub on the group and topic only
        JarProcess consume = client(app, "consume", "--namesrv", namesrv, "--topic", "CliAcl", "--group", "cli-acl",
                "--run-id", "acl", "--expect", "5", "--timeout", "90", "--tls-trust-cert", caCert.toString());
        assertThat(consume.waitFor(Duration.ofSeconds(120))).as("consume log:\n%s", consume.log()).isZero();
        assertThat(ClientReport.parse("acl", consume.log()).received()).isEqualTo(sent.acked());

        JarProcess refused = client(app, "produce", "--namesrv", namesrv, "--topic", "CliNotMine", "--count", "1",
                "--run-id", "nope", "--tls-trust-cert", caCert.toString());
        assertThat(refused.waitFor(Duration.ofSeconds(90))).as("produce log:\n%s", refused.log()).isEqualTo(1);
        assertThat(ClientReport.parse("nope", refused.log()).sendFailures()).singleElement()
                .satisfies(line -> assertThat(line).contains("CODE: 16 ")
                        .contains("User:app has no permission to access Topic:CliNotMine from 127.0.0.1"));
    }

    @Test
    void aRefusedSendIsReportedWithTheBrokersRemark() throws Exception {
        JarProcess produce = client(credentials("root", "not-the-password"), "produce", "--namesrv", namesrv,
                "--topic", "CliSecured", "--count", "1", "--run-id", "bad", "--send-timeout-ms", "3000",
                "--tls-trust-cert", caCert.toString());
        assertThat(produce.waitFor(Duration.ofSeconds(90))).as("produce log:\n%s", produce.log()).isEqualTo(1);
        ClientReport sent = ClientReport.parse("bad", produce.log());
        assertThat(sent.sendFailures()).as("produce log:\n%s", produce.log()).singleElement()
                .satisfies(line -> assertThat(line).startsWith("SEND_ERROR bad-0 ").contains("CODE: 16 ")
                        .contains("check signature failed"));
    }

    @Test
    void withoutTheCaFileTheClientSpeaksPlainAndEnforcingTlsRefusesIt() throws Exception {
        JarProcess produce = client(credentials("root", ROOT_PASSWORD), "produce", "--namesrv", namesrv, "--topic",
                "CliSecured", "--count", "1", "--run-id", "plain", "--send-timeout-ms", "2000");
        assertThat(produce.waitFor(Duration.ofSeconds(90))).as("produce log:\n%s", produce.log()).isEqualTo(1);
        assertThat(ClientReport.parse("plain", produce.log()).acked().size()).isZero();
        assertThat(produce.log()).contains("producer: user root, plain TCP");
    }

    private static Map<String, String> credentials(String accessKey, String secretKey) {
        return Map.of(ClientSecurity.ACCESS_KEY_ENV, accessKey, ClientSecurity.SECRET_KEY_ENV, secretKey);
    }

    private static JarProcess client(Map<String, String> env, String... args) throws IOException {
        return JarProcess.start(CLIENT_JAR, work.resolve("client-" + (++runs) + "-" + args[0] + ".log"),
                List.of(args), env);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
