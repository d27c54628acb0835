package io.cometmq.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.cometmq.operator.BrokerClusters;
import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.FlushDiskType;
import io.cometmq.operator.crd.MonitoringSpec;
import io.cometmq.protocol.config.BrokerConfigKeys;
import io.cometmq.operator.crd.SecuritySpec;
import io.cometmq.operator.crd.TlsSpec;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigRendererTest {
    private static final Names NAMES = new Names("demo", "ns", "cluster.local");

    @Test
    void masterConfigUsesRocketMqKeyNamesAndStableDnsNames() {
        BrokerCluster cluster = BrokerClusters.withSlaves("demo", 1, 1);
        cluster.getSpec().getBroker().setFlushDiskType(FlushDiskType.SYNC_FLUSH);
        String conf = ConfigRenderer.brokerConfig(cluster, NAMES, 0, BrokerRole.MASTER);
        assertThat(conf).contains(
                "brokerClusterName=demo\n",
                "brokerName=demo-broker-0\n",
                // the id it registers with while a slave; as master it registers 0 (issue #12)
                "brokerId=5\n",
                "namesrvAddr=demo-nameserver-0.demo-nameserver.ns.svc.cluster.local:9876;"
                        + "demo-nameserver-1.demo-nameserver.ns.svc.cluster.local:9876\n",
                "brokerIP1=demo-broker-0-master-0.demo-broker-0-master.ns.svc.cluster.local\n",
                "listenPort=10911\n",
                "storePathRootDir=/var/lib/cometmq/store\n",
                "brokerRole=SYNC_MASTER\n",
                "flushDiskType=SYNC_FLUSH\n",
                "roleFile=/etc/cometmq/role/role.properties\n",
                "memberName=demo-broker-0-master-0\n",
                "masterLeaseMillis=10000\n");
    }

    @Test
    void masterLeaseIsAThirdOfTheFailoverDelayBetweenThreeAndTenSeconds() {
        BrokerCluster cluster = BrokerClusters.withSlaves("demo", 1, 1);
        for (String[] delayAndLease : new String[][] {{"10s", "3333"}, {"9s", "3000"}, {"15s", "5000"}, {"30s", "10000"},
                {"1m", "10000"}, {"60m", "10000"}}) {
            cluster.getSpec().getBroker().getFailover().setUnavailableFor(delayAndLease[0]);
            assertThat(ConfigRenderer.brokerKeys(cluster, NAMES, 0, BrokerRole.SLAVE, 0))
                    .as(delayAndLease[0]).containsEntry("masterLeaseMillis", delayAndLease[1]);
        }
    }

    @Test
    void eachPodsMemberNameIsItsPodName() {
        BrokerCluster cluster = BrokerClusters.withSlaves("demo", 2, 2);
        assertThat(ConfigRenderer.brokerKeys(cluster, NAMES, 1, BrokerRole.SLAVE, 1))
                .containsEntry("memberName", "demo-broker-1-slave-1")
                .containsEntry("roleFile", "/etc/cometmq/role/role.properties");
    }

    /**
     * Owned keys the file never holds: the two credentials come from env vars (secretKeyRef, SecurityPods), and
     * the operator sets up no mutual TLS (no client certificate, the server asks for none).
     */
    static final Set<String> OWNED_NOT_RENDERED = Set.of(BrokerConfigKeys.INIT_AUTHENTICATION_USER.name(),
            BrokerConfigKeys.INNER_CLIENT_AUTHENTICATION_CREDENTIALS.name(),
            BrokerConfigKeys.TLS_SERVER_TRUST_CERT_PATH.name(), BrokerConfigKeys.TLS_SERVER_NEED_CLIENT_AUTH.name(),
            BrokerConfigKeys.TLS_CLIENT_CERT_PATH.name(), BrokerConfigKeys.TLS_CLIENT_KEY_PATH.name(),
            // rendered only with spec.externalAccess (issue #16, operator side)
            BrokerConfigKeys.EXTERNAL_ADDRESS_FILE.name());

    @Test
    void everyRenderedKeyIsOneTheBrokerAcceptsWithAValidValue() {
        BrokerCluster cluster = BrokerClusters.withSlaves("demo", 1, 1);
        cluster.getSpec().getBroker().getConfig().put("maxMessageSize", "1048576");
        SecuritySpec security = new SecuritySpec();
        security.setAuthentication(true);
        security.setTls(new TlsSpec());
        cluster.getSpec().setSecurity(security);
        Set<String> expected = new java.util.TreeSet<>(BrokerConfigKeys.operatorOwnedNames());
        expected.removeAll(OWNED_NOT_RENDERED);
        for (BrokerRole role : BrokerRole.values()) {
            assertThat(BrokerConfigKeys.validate(ConfigRenderer.brokerKeys(cluster, NAMES, 0, role, 0))).as(role.name())
                    .isEmpty();
            assertThat(ConfigRenderer.brokerKeys(cluster, NAMES, 0, role, 0).keySet()).containsAll(expected);
        }
    }

    @Test
    void securityKeysFollowTheSpecAndAreAbsentWithoutIt() {
        BrokerCluster cluster = BrokerClusters.minimal("demo");
        assertThat(ConfigRenderer.brokerKeys(cluster, NAMES, 0, BrokerRole.MASTER, 0).keySet())
                .noneMatch(k -> k.startsWith("tls.") || k.startsWith("auth"));
        assertThat(ConfigRenderer.nameServerConfig(cluster)).doesNotContain("authenticationEnabled", "tls.");

        SecuritySpec security = new SecuritySpec();
        security.setAuthentication(true);
        security.setAuthorization(false);
        TlsSpec tls = new TlsSpec();
        tls.setMode(TlsSpec.TlsModeSpec.permissive);
        security.setTls(tls);
        cluster.getSpec().setSecurity(security);
        assertThat(ConfigRenderer.brokerKeys(cluster, NAMES, 0, BrokerRole.MASTER, 0))
                .containsEntry("authenticationEnabled", "true")
                .doesNotContainKey("authorizationEnabled")
                .containsEntry("tls.server.mode", "permissive")
                .containsEntry("tls.server.certPath", "/etc/cometmq/tls/tls.crt")
                .containsEntry("tls.server.keyPath", "/etc/cometmq/tls/tls.key")
                .containsEntry("tls.enable", "true")
                .containsEntry("tls.client.authServer", "true")
                .containsEntry("tls.client.trustCertPath", "/etc/cometmq/tls/ca.crt");
        assertThat(ConfigRenderer.nameServerConfig(cluster)).contains("authenticationEnabled=true\n",
                "tls.server.mode=permissive\n").doesNotContain("authorizationEnabled");
    }

    @Test
    void slaveConfigIsRoleSlaveWithFirstSlaveId() {
        String conf = ConfigRenderer.brokerConfig(BrokerClusters.withSlaves("demo", 1, 2), NAMES, 0, BrokerRole.SLAVE);
        assertThat(conf).contains("brokerId=1\n", "brokerRole=SLAVE\n",
                "brokerIP1=demo-broker-0-slave-0.demo-broker-0-slave.ns.svc.cluster.local\n");
        assertThat(ConfigRenderer.brokerKeys(BrokerClusters.withSlaves("demo", 1, 2), NAMES, 0, BrokerRole.SLAVE, 1))
                .containsEntry("brokerId", "2")
                .containsEntry("brokerIP1", "demo-broker-0-slave-1.demo-broker-0-slave.ns.svc.cluster.local");
    }

    @Test
    void asyncReplicationMakesAnAsyncMaster() {
        assertThat(ConfigRenderer.brokerConfig(BrokerClusters.minimal("demo"), NAMES, 0, BrokerRole.MASTER))
                .contains("brokerRole=ASYNC_MASTER\n", "flushDiskType=ASYNC_FLUSH\n");
    }

    @Test
    void extraKeysAreSortedAndCannotOverrideOperatorKeys() {
        BrokerCluster cluster = BrokerClusters.minimal("demo");
        cluster.getSpec().getBroker().getConfig().put("zeta", "1");
        cluster.getSpec().getBroker().getConfig().put("alpha", "2");
        cluster.getSpec().getBroker().getConfig().put("brokerId", "9");
        String conf = ConfigRenderer.brokerConfig(cluster, NAMES, 0, BrokerRole.MASTER);
        assertThat(conf).contains("alpha=2\nzeta=1\n").contains("brokerId=5\n").doesNotContain("brokerId=9");
    }

    @Test
    void renderingIsDeterministic() {
        BrokerCluster cluster = BrokerClusters.minimal("demo");
        assertThat(ConfigRenderer.brokerConfig(cluster, NAMES, 0, BrokerRole.MASTER))
                .isEqualTo(ConfigRenderer.brokerConfig(BrokerClusters.minimal("demo"), NAMES, 0, BrokerRole.MASTER));
        assertThat(ConfigRenderer.nameServerConfig(cluster)).contains("listenPort=9876\n");
    }

    @Test
    void metricsAreOnByDefaultOnEveryAddressOfBrokersAndNameServers() {
        BrokerCluster cluster = BrokerClusters.withSlaves("demo", 1, 1);
        assertThat(cluster.getSpec().getMonitoring()).as("absent means the defaults").isNull();
        for (BrokerRole role : BrokerRole.values()) {
            assertThat(ConfigRenderer.brokerKeys(cluster, NAMES, 0, role, 0))
                    .containsEntry("metricsExporterType", "PROM")
                    .containsEntry("metricsPromExporterHost", "0.0.0.0")
                    .containsEntry("metricsPromExporterPort", "5557");
        }
        assertThat(ConfigRenderer.nameServerConfig(cluster)).contains("metricsExporterType=PROM\n",
                "metricsPromExporterHost=0.0.0.0\n", "metricsPromExporterPort=5557\n");
    }

    @Test
    void aMonitoringChangeChangesTheRenderedFilesAndSoTheirHash() {
        BrokerCluster cluster = BrokerClusters.withSlaves("demo", 1, 1);
        String broker = ConfigRenderer.brokerConfig(cluster, NAMES, 0, BrokerRole.SLAVE);
        String nameServer = ConfigRenderer.nameServerConfig(cluster);
        cluster.getSpec().setMonitoring(new MonitoringSpec());
        assertThat(ConfigRenderer.brokerConfig(cluster, NAMES, 0, BrokerRole.SLAVE)).as("explicit defaults").isEqualTo(broker);

        cluster.getSpec().getMonitoring().setPort(9100);
        assertThat(ConfigRenderer.brokerConfig(cluster, NAMES, 0, BrokerRole.SLAVE)).contains("metricsPromExporterPort=9100\n");
        assertThat(ContentHash.of(ConfigRenderer.nameServerConfig(cluster))).isNotEqualTo(ContentHash.of(nameServer));

        cluster.getSpec().getMonitoring().setEnabled(false);
        Map<String, String> off = ConfigRenderer.brokerKeys(cluster, NAMES, 0, BrokerRole.MASTER, 0);
        assertThat(off).containsEntry("metricsExporterType", "DISABLE")
                .doesNotContainKeys("metricsPromExporterHost", "metricsPromExporterPort");
        assertThat(BrokerConfigKeys.validate(off)).isEmpty();
        assertThat(ConfigRenderer.nameServerConfig(cluster)).contains("metricsExporterType=DISABLE\n")
                .doesNotContain("metricsPromExporter");
    }
}
