package io.cometmq.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cometmq.operator.BrokerClusters;
import io.cometmq.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Growing spec.broker.storage.size: claims whose StorageClass allows expansion are patched, the others are
 * named in Degraded=True/StorageExpansionManual. The test creates the claims itself, as the StatefulSet
 * controller would (with the class the default-class admission plugin would fill in).
 */
class StorageExpansionIT {
    private OperatorHarness harness;

    @BeforeEach
    void start() throws Exception {
        harness = new OperatorHarness();
        harness.client.resource(storageClass("fast", true)).create();
        harness.client.resource(storageClass("fixed", false)).create();
        harness.create(BrokerClusters.withSlaves("grow", 1, 1));
        await().atMost(Duration.ofSeconds(20)).until(() -> harness.statefulSets().size() == 3);
        harness.client.resource(claim("store-grow-broker-0-master-0", "fast")).create();
        harness.client.resource(claim("store-grow-broker-0-slave-0", "fixed")).create();
        harness.markAllReady();
        harness.awaitCondition("grow", Conditions.PROGRESSING, "False/" + Conditions.RECONCILED);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void expandsWhatTheStorageClassAllowsAndReportsTheRest() {
        assertThat(size("store-grow-broker-0-master-0")).isEqualTo("10Gi");
        harness.edit("grow", bc -> bc.getSpec().getBroker().getStorage().setSize("20Gi"));

        await().atMost(Duration.ofSeconds(20)).until(() -> "20Gi".equals(size("store-grow-broker-0-master-0")));
        harness.awaitCondition("grow", Conditions.DEGRADED, "True/" + Conditions.STORAGE_EXPANSION_MANUAL);
        assertThat(Conditions.find(harness.get("grow").getStatus().getConditions(), Conditions.DEGRADED).orElseThrow()
                .getMessage()).contains("store-grow-broker-0-slave-0", "fixed").doesNotContain("master-0");
        assertThat(size("store-grow-broker-0-slave-0")).isEqualTo("10Gi");
        await().atMost(Duration.ofSeconds(10)).until(() -> harness.events("StorageExpanded").stream()
                .anyMatch(e -> e.getMessage().contains("store-grow-broker-0-master-0")));

        // once the slave's claim has been grown by hand, the next periodic reconcile clears the condition
        harness.client.persistentVolumeClaims().inNamespace(OperatorHarness.NS).withName("store-grow-broker-0-slave-0")
                .edit(pvc -> {
                    pvc.getSpec().getResources().getRequests().put("storage", new Quantity("20Gi"));
                    return pvc;
                });
        harness.awaitCondition("grow", Conditions.DEGRADED, "False/" + Conditions.NO_PROBLEMS);
    }

    private String size(String claim) {
        PersistentVolumeClaim pvc = harness.client.persistentVolumeClaims().inNamespace(OperatorHarness.NS)
                .withName(claim).get();
        return pvc.getSpec().getResources().getRequests().get("storage").toString();
    }

    private static StorageClass storageClass(String name, boolean expandable) {
        return new StorageClassBuilder().withNewMetadata().withName(name).endMetadata()
                .withProvisioner("example.com/test").withAllowVolumeExpansion(expandable).build();
    }

    private static PersistentVolumeClaim claim(String name, String storageClass) {
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName(name).withNamespace(OperatorHarness.NS).endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce").withStorageClassName(storageClass)
                .withNewResources().addToRequests("storage", new Quantity("10Gi")).endResources().endSpec()
                .build();
    }
}
