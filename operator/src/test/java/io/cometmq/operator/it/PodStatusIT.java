package io.cometmq.operator.it;

import static io.cometmq.operator.it.OperatorHarness.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cometmq.operator.BrokerClusters;
import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.model.BrokerRole;
import io.cometmq.operator.model.Labels;
import io.cometmq.operator.model.PodSecurityAdmission;
import io.cometmq.operator.status.Conditions;
import io.cometmq.operator.status.PodHealth;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Status tells what the pods say: the test plays the kubelet (pod status subresource), the StatefulSet
 * controller (FailedCreate events) and the cluster admin (namespace labels) against the mock API server.
 */
class PodStatusIT {
    private OperatorHarness harness;

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void crashLoopingBrokerIsDegradedWithItsPodAndTerminationMessage() throws Exception {
        harness = new OperatorHarness();
        harness.create(BrokerClusters.minimal("crash"));
        await().atMost(Duration.ofSeconds(20)).until(() -> harness.statefulSets().size() == 3);
        harness.markAllReady();
        harness.awaitCondition("crash", Conditions.DEGRADED, "False/" + Conditions.NO_PROBLEMS);

        Pod pod = createPod("crash-broker-0-master-0", Labels.brokerSelector("crash", 0, BrokerRole.MASTER));
        pod.setStatus(crashLooping("broker", "cometmq-broker: configuration error: unknown key 'flushDiskTyp'"));
        harness.client.pods().resource(pod).updateStatus();

        harness.awaitCondition("crash", Conditions.DEGRADED, "True/" + PodHealth.CRASH_LOOPING);
        assertThat(degradedMessage("crash")).contains("Pod crash-broker-0-master-0: container broker is crash-looping")
                .contains("unknown key 'flushDiskTyp'");
        assertThat(harness.get("crash").getStatus().getPhase()).isEqualTo("Degraded");
        await().atMost(Duration.ofSeconds(10)).until(() -> !harness.events(PodHealth.CRASH_LOOPING).isEmpty());

        Pod fixed = harness.client.pods().inNamespace(NS).withName("crash-broker-0-master-0").get();
        fixed.setStatus(readyStatus("broker"));
        harness.client.pods().resource(fixed).updateStatus();
        harness.awaitCondition("crash", Conditions.DEGRADED, "False/" + Conditions.NO_PROBLEMS);
    }

    @Test
    void failedCreateEventOfAStatefulSetIsDegradedWithTheEventsMessage() throws Exception {
        harness = new OperatorHarness();
        BrokerCluster cluster = BrokerClusters.minimal("refused");
        cluster.getSpec().getTuning().getSysctls().setEnabled(false);
        harness.create(cluster);
        await().atMost(Duration.ofSeconds(20)).until(() -> harness.statefulSet("refused-broker-0-master") != null);
        StatefulSet set = harness.statefulSet("refused-broker-0-master");

        String refusal = "create Pod refused-broker-0-master-0 in StatefulSet refused-broker-0-master failed error: pods "
                + "\"refused-broker-0-master-0\" is forbidden: violates PodSecurity \"restricted:latest\": seccompProfile";
        harness.client.v1().events().inNamespace(NS).resource(new EventBuilder()
                .withNewMetadata().withName("refused-broker-0-master.17e1").withNamespace(NS).endMetadata()
                .withNewInvolvedObject().withApiVersion("apps/v1").withKind("StatefulSet").withName(set.getMetadata().getName())
                    .withNamespace(NS).withUid(set.getMetadata().getUid()).endInvolvedObject()
                .withType("Warning").withReason(PodHealth.FAILED_CREATE_EVENT).withMessage(refusal)
                .withLastTimestamp(Instant.now().toString())
                .withNewSource().withComponent("statefulset-controller").endSource()
                .build()).create();

        harness.awaitCondition("refused", Conditions.DEGRADED, "True/" + PodHealth.CREATE_FAILED);
        assertThat(degradedMessage("refused")).isEqualTo("StatefulSet refused-broker-0-master has 0 of 1 pods; "
                + "creating them fails: " + refusal);

        // once the pod exists, the event is history
        createPod("refused-broker-0-master-0", Labels.brokerSelector("refused", 0, BrokerRole.MASTER));
        harness.awaitCondition("refused", Conditions.DEGRADED, "False/" + Conditions.NO_PROBLEMS);
    }

    @Test
    void podNotReadyPastTheGracePeriodIsDegraded() throws Exception {
        harness = new OperatorHarness(settings -> settings.withPodNotReadyGrace(Duration.ofSeconds(2)));
        harness.create(BrokerClusters.minimal("slow"));
        await().atMost(Duration.ofSeconds(20)).until(() -> harness.statefulSets().size() == 3);

        Pod pod = createPod("slow-nameserver-0", Labels.nameServerSelector("slow"));
        PodStatus status = readyStatus("nameserver");
        status.getConditions().get(0).setStatus("False");
        status.getConditions().get(0).setLastTransitionTime(Instant.now().toString());
        status.getConditions().get(0).setMessage("containers with unready status: [nameserver]");
        status.getContainerStatuses().get(0).setReady(false);
        pod.setStatus(status);
        harness.client.pods().resource(pod).updateStatus();

        harness.awaitCondition("slow", Conditions.DEGRADED, "True/" + PodHealth.NOT_READY);
        assertThat(degradedMessage("slow")).startsWith("Pod slow-nameserver-0 has not been ready since ")
                .endsWith("(grace period 2s): containers with unready status: [nameserver].");
    }

    @Test
    void namespaceThatForbidsPrivilegedPodsStopsTheRolloutWhileSysctlsAreOn() throws Exception {
        harness = new OperatorHarness();
        harness.client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS)
                .withLabels(Map.of(PodSecurityAdmission.ENFORCE_LABEL, "baseline")).endMetadata().build()).create();
        harness.create(BrokerClusters.minimal("tuned"));

        harness.awaitCondition("tuned", Conditions.DEGRADED, "True/" + PodSecurityAdmission.FORBIDS_SYSCTLS);
        harness.awaitCondition("tuned", Conditions.PROGRESSING, "False/" + Conditions.BLOCKED);
        assertThat(degradedMessage("tuned")).contains("\"baseline\"").contains("spec.tuning.sysctls.enabled=false");
        assertThat(harness.statefulSets()).isEmpty();

        harness.edit("tuned", bc -> bc.getSpec().getTuning().getSysctls().setEnabled(false));
        await().atMost(Duration.ofSeconds(20)).until(() -> harness.statefulSets().size() == 3);
        harness.awaitCondition("tuned", Conditions.DEGRADED, "False/" + Conditions.NO_PROBLEMS);
    }

    private Pod createPod(String name, Map<String, String> selector) {
        return harness.client.pods().inNamespace(NS).resource(new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(NS).withLabels(Labels.withCommon(selector)).endMetadata()
                .withNewSpec().addNewContainer().withName("main").withImage("test").endContainer().endSpec()
                .build()).create();
    }

    private static PodStatus crashLooping(String container, String lastLog) {
        PodStatus status = readyStatus(container);
        status.getConditions().get(0).setStatus("False");
        status.setContainerStatuses(java.util.List.of(new ContainerStatusBuilder().withName(container).withReady(false)
                .withRestartCount(3)
                .withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState()
                .withNewLastState().withNewTerminated().withExitCode(2).withReason("Error").withMessage(lastLog).endTerminated()
                .endLastState().build()));
        return status;
    }

    private static PodStatus readyStatus(String container) {
        PodStatus status = new PodStatus();
        status.setPhase("Running");
        status.getConditions().add(new PodConditionBuilder().withType("Ready").withStatus("True")
                .withLastTransitionTime(Instant.now().toString()).build());
        status.getContainerStatuses().add(new ContainerStatusBuilder().withName(container).withReady(true).withRestartCount(0)
                .withNewState().withNewRunning().endRunning().endState().build());
        return status;
    }

    private String degradedMessage(String cluster) {
        return Conditions.find(harness.get(cluster).getStatus().getConditions(), Conditions.DEGRADED).orElseThrow().getMessage();
    }
}
