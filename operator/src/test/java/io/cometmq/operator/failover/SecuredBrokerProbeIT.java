package io.cometmq.operator.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cometmq.operator.BrokerClusters;
import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.GroupStatus;
import io.cometmq.operator.crd.SecuritySpec;
import io.cometmq.operator.crd.TlsSpec;
import io.cometmq.operator.it.OperatorHarness;
import io.cometmq.operator.model.BrokerRole;
import io.cometmq.operator.model.Names;
import io.cometmq.operator.remoting.ClusterAccess;
import io.cometmq.operator.remoting.ClusterAccessScope;
import io.cometmq.operator.remoting.ClusterCredentials;
import io.cometmq.operator.remoting.RemotingAdmin;
import io.cometmq.operator.remoting.RemotingBrokerRuntimeSource;
import io.cometmq.operator.security.SecretValues;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.auth.SessionCredentials;
import io.cometmq.protocol.testing.JvmProcess;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real broker JVMs probed by the operator (JOSDK on the mock API server) through the real protocol client.
 *
 * <p>TLS: the broker serves the certificate the operator generated, in enforcing mode; the probe reaches it over TLS
 * trusting the cluster's CA, while plain TCP and a foreign CA get nowhere.
 *
 * <p>Authentication: a real broker JVM with authentication on, configured with the values the operator rendered into
 * {@code <c>-broker-security} (as the pod's env would carry them), and the operator (JOSDK on the mock API server)
 * probing it through the real protocol client: with the cluster's inner credentials the runtime info reaches status;
 * the same request unsigned, or signed with a wrong secret, is refused by the broker (code 16).
 */
class SecuredBrokerProbeIT {
    private static final String CLUSTER = "secure";
    private final RemotingAdmin admin = new RemotingAdmin();
    private final RemotingBrokerRuntimeSource runtime = new RemotingBrokerRuntimeSource(admin);
    private final AtomicReference<KubernetesClient> api = new AtomicReference<>();
    /** The pod address the operator derives → where the broker JVM listens. */
    private final Map<String, String> addresses = new LinkedHashMap<>();
    private OperatorHarness harness;
    private JvmProcess broker;

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
        if (harness != null) {
            harness.close();
        }
        admin.close();
    }

    // Passes on opsec13 merged with auth13 (checked); on opsec13 alone the broker does not authenticate yet.
    @Test
    void theProbeSignsWithTheInnerCredentialsAndUnsignedRequestsAreRefused() throws Exception {
        ClusterCredentials credentials = new ClusterCredentials((namespace, name) ->
                api.get().secrets().inNamespace(namespace).withName(name).get());
        harness = new OperatorHarness(settings -> settings
                .withBrokerRuntime(address -> runtime.runtimeInfo(addresses.getOrDefault(address, address)))
                .withClusterScope(new ClusterAccessScope(admin, credentials)));
        api.set(harness.client);

        BrokerCluster cluster = BrokerClusters.withSlaves(CLUSTER, 1, 0);
        SecuritySpec security = new SecuritySpec();
        security.setAuthentication(true);
        cluster.getSpec().setSecurity(security);
        harness.create(cluster);
        await().atMost(Duration.ofSeconds(30)).until(() -> secret(CLUSTER + "-broker-security") != null
                && harness.statefulSets().size() == 3);
        harness.markAllReady();

        String address = startBroker(secret(CLUSTER + "-broker-security"));
        Names names = new Names(CLUSTER, OperatorHarness.NS, "cluster.local");
        addresses.put(names.brokerAddress(0, BrokerRole.MASTER, 0), address);

        // status carries what only the broker's runtime info says: the probe got through
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            GroupStatus group = harness.get(CLUSTER).getStatus().getGroups().get(0);
            assertThat(group.getBrokers()).filteredOn(b -> b.getPod().equals(names.brokerPod(0, BrokerRole.MASTER, 0)))
                    .singleElement().satisfies(b -> assertThat(b.getNofileLimit()).isPositive());
        });

        // the same request without the cluster's access, or with a wrong secret, is refused
        assertThatThrownBy(() -> runtime.runtimeInfo(address)).hasMessageContaining("code " + ResponseCode.NO_PERMISSION);
        SessionCredentials inner = credentials.inner(harness.get(CLUSTER)).orElseThrow();
        RemotingCommand wrong = admin.call(address, RemotingCommand.request(RequestCode.GET_BROKER_RUNTIME_INFO, null),
                ClusterAccess.signedBy(Optional.of(new SessionCredentials(inner.accessKey(), "not-the-secret"))));
        assertThat(wrong.code()).isEqualTo(ResponseCode.NO_PERMISSION);
        assertThat(wrong.remark()).doesNotContain(inner.secretKey());
        RemotingCommand signed = admin.call(address, RemotingCommand.request(RequestCode.GET_BROKER_RUNTIME_INFO, null),
                credentials.access(harness.get(CLUSTER)));
        assertThat(signed.code()).isEqualTo(ResponseCode.SUCCESS);
    }

    @Test
    void theProbeTalksTlsToAnEnforcingBrokerServingTheOperatorsCertificate() throws Exception {
        harness = new OperatorHarness(settings -> settings
                .withBrokerRuntime(address -> runtime.runtimeInfo(addresses.getOrDefault(address, address)))
                .withClusterScope(new ClusterAccessScope(admin, new ClusterCredentials((namespace, name) ->
                        api.get().secrets().inNamespace(namespace).withName(name).get()))));
        api.set(harness.client);

        BrokerCluster cluster = BrokerClusters.withSlaves(CLUSTER, 1, 0);
        SecuritySpec security = new SecuritySpec();
        security.setTls(new TlsSpec());
        cluster.getSpec().setSecurity(security);
        harness.create(cluster);
        await().atMost(Duration.ofSeconds(30)).until(() -> secret(CLUSTER + "-tls") != null
                && harness.statefulSets().size() == 3);
        harness.markAllReady();

        // the Secret's files as the volume mount would show them, and the keys the operator renders
        Secret tls = secret(CLUSTER + "-tls");
        Path mount = Files.createDirectories(dir.resolve("tls"));
        for (String key : List.of("tls.crt", "tls.key", "ca.crt")) {
            Files.writeString(mount.resolve(key), SecretValues.read(tls, key).orElseThrow());
        }
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("tls.server.mode", "enforcing");
        keys.put("tls.server.certPath", mount.resolve("tls.crt").toString());
        keys.put("tls.server.keyPath", mount.resolve("tls.key").toString());
        String address = startBroker(keys);
        Names names = new Names(CLUSTER, OperatorHarness.NS, "cluster.local");
        addresses.put(names.brokerAddress(0, BrokerRole.MASTER, 0), address);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            GroupStatus group = harness.get(CLUSTER).getStatus().getGroups().get(0);
            assertThat(group.getBrokers()).filteredOn(b -> b.getPod().equals(names.brokerPod(0, BrokerRole.MASTER, 0)))
                    .singleElement().satisfies(b -> assertThat(b.getNofileLimit()).isPositive());
        });
        // in plain TCP the enforcing broker closes the connection: no answer
        assertThatThrownBy(() -> runtime.runtimeInfo(address)).isInstanceOf(Exception.class);
        // trusting another CA fails the handshake
        String otherCa = io.cometmq.operator.security.Certificates.authority("other", java.time.Instant.now(),
                Duration.ofDays(1)).certificatePem();
        assertThatThrownBy(() -> admin.call(address, RemotingCommand.request(RequestCode.GET_BROKER_RUNTIME_INFO, null),
                new ClusterAccess(Optional.empty(), Optional.of(otherCa)))).isInstanceOf(Exception.class);
    }

    private Secret secret(String name) {
        return harness.client.secrets().inNamespace(OperatorHarness.NS).withName(name).get();
    }

    /** The broker as the pod runs it: the two credential values straight from the rendered Secret. */
    private String startBroker(Secret brokerSecurity) throws IOException {
        Map<String, String> security = new LinkedHashMap<>();
        security.put("authenticationEnabled", "true");
        security.put("authorizationEnabled", "true");
        for (String key : List.of("initAuthenticationUser", "innerClientAuthenticationCredentials")) {
            security.put(key, SecretValues.read(brokerSecurity, key).orElseThrow());
        }
        return startBroker(security);
    }

    private String startBroker(Map<String, String> security) throws IOException {
        int port = freePort();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("brokerClusterName", CLUSTER);
        settings.put("brokerName", CLUSTER + "-broker-0");
        settings.put("brokerId", "0");
        settings.put("brokerRole", "ASYNC_MASTER");
        settings.put("brokerIP1", "127.0.0.1");
        settings.put("listenHost", "127.0.0.1");
        settings.put("listenPort", Integer.toString(port));
        settings.put("haListenPort", Integer.toString(freePort()));
        settings.put("storePathRootDir", dir.resolve("store").toString());
        settings.put("mappedFileSizeCommitLog", Integer.toString(16 * 1024 * 1024));
        settings.putAll(security);
        Path config = dir.resolve("broker.yaml");
        StringBuilder yaml = new StringBuilder();
        // single-quoted YAML scalars: the JSON values keep their double quotes
        settings.forEach((k, v) -> yaml.append(k).append(": '").append(v.replace("'", "''")).append("'\n"));
        Files.writeString(config, yaml);
        broker = new JvmProcess(ProcessGroup.BROKER_JAR, List.of("--config", config.toString()), dir, "broker")
                .start("listening on 127.0.0.1:" + port);
        return "127.0.0.1:" + port;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
