package io.cometmq.operator.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cometmq.operator.BrokerClusters;
import io.cometmq.operator.failover.FailoverGroup;
import io.cometmq.operator.model.ConfigRenderer;
import io.cometmq.operator.model.Names;
import io.cometmq.protocol.config.RoleAssignment;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The role ConfigMap store against the fabric8 mock server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class ConfigMapRoleStoreIT {
    static final String NS = BrokerClusters.NAMESPACE;
    static final Names NAMES = new Names("c", NS, Names.DEFAULT_CLUSTER_DOMAIN);
    static final FailoverGroup GROUP = new FailoverGroup(0, "c", "c-broker-0", List.of(), List.of());
    static final RoleAssignment FIRST = new RoleAssignment("c-broker-0-master-0", 1, "SYNC_MASTER");

    KubernetesClient client;

    ConfigMap create(String text) {
        return client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata()
                .withName("c-broker-0-role").withNamespace(NS).addToLabels("app.kubernetes.io/instance", "c")
                .addToAnnotations("cometmq.io/desired-hash", "h1").endMetadata()
                .addToData(ConfigRenderer.ROLE_KEY, text).build()).create();
    }

    @Test
    void anAbsentConfigMapMeansNoAssignmentYet() throws Exception {
        assertThat(new ConfigMapRoleStore(client, NAMES).load(GROUP)).isEmpty();
    }

    @Test
    void savingReplacesOnlyTheRoleKey() throws Exception {
        create(FIRST.render());
        ConfigMapRoleStore store = new ConfigMapRoleStore(client, NAMES);
        assertThat(store.load(GROUP)).contains(FIRST);

        RoleAssignment next = FIRST.handOver("c-broker-0-slave-0");
        store.save(GROUP, FIRST, next);

        ConfigMap stored = client.configMaps().inNamespace(NS).withName("c-broker-0-role").get();
        assertThat(RoleAssignment.parse(stored.getData().get(ConfigRenderer.ROLE_KEY))).isEqualTo(next);
        assertThat(stored.getMetadata().getLabels()).containsEntry("app.kubernetes.io/instance", "c");
        assertThat(stored.getMetadata().getAnnotations()).containsEntry("cometmq.io/desired-hash", "h1");
        assertThat(store.load(GROUP)).contains(next);
    }

    @Test
    void aDecisionOnAnOutdatedAssignmentIsRefusedAndChangesNothing() throws Exception {
        create(FIRST.render());
        ConfigMapRoleStore store = new ConfigMapRoleStore(client, NAMES);
        RoleAssignment other = FIRST.handOver("c-broker-0-slave-1");
        store.save(GROUP, FIRST, other);

        assertThatThrownBy(() -> store.save(GROUP, FIRST, FIRST.handOver("c-broker-0-slave-0")))
                .hasMessageContaining("ConfigMap c-broker-0-role changed meanwhile: it names c-broker-0-slave-1 under"
                        + " epoch 2");
        assertThat(store.load(GROUP)).contains(other);
    }

    @Test
    void aBrokenConfigMapIsReportedNamingItAndTheKey() {
        create("master=c-broker-0-master-0\nepoch=one\nmasterRole=SYNC_MASTER\n");
        assertThatThrownBy(() -> new ConfigMapRoleStore(client, NAMES).load(GROUP))
                .hasMessageContaining("ConfigMap c-broker-0-role, key role.properties")
                .hasMessageContaining("'epoch' must be a whole number");
    }

    @Test
    void aConfigMapWithoutTheKeyIsReported() {
        client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata()
                .withName("c-broker-0-role").withNamespace(NS).endMetadata().build()).create();
        assertThatThrownBy(() -> new ConfigMapRoleStore(client, NAMES).load(GROUP))
                .hasMessage("ConfigMap c-broker-0-role has no key role.properties");
    }
}
