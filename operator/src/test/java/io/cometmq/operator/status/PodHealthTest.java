package io.cometmq.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodHealthTest {
    static final Instant NOW = Instant.parse("2026-12-07T06:00:00Z");
    static final Duration GRACE = Duration.ofMinutes(5);
    static final Map<String, String> MASTER = Map.of("app.kubernetes.io/instance", "c", "cometmq.io/role", "master");

    @Test
    void crashLoopNamesThePodAndTheLastTerminationMessage() {
        Pod pod = pod("c-broker-0-master-0", ready(false, NOW.minusSeconds(30)),
                new ContainerStatusBuilder().withName("broker").withReady(false).withRestartCount(4)
                        .withNewState().withNewWaiting().withReason("CrashLoopBackOff")
                            .withMessage("back-off 1m20s restarting failed container=broker").endWaiting().endState()
                        .withNewLastState().withNewTerminated().withExitCode(2).withReason("Error")
                            .withMessage("starting\ncometmq-broker: configuration error: unknown key 'flushDiskTyp'\n").endTerminated()
                        .endLastState().build());

        List<PodProblem> problems = PodHealth.problems(List.of(), List.of(pod), List.of(), NOW, GRACE);

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.reason()).isEqualTo(PodHealth.CRASH_LOOPING);
            assertThat(p.subject()).isEqualTo("c-broker-0-master-0");
            assertThat(p.message()).isEqualTo("Pod c-broker-0-master-0: container broker is crash-looping (restarted 4 times, "
                    + "last exit code 2 Error): starting | cometmq-broker: configuration error: unknown key 'flushDiskTyp'");
        });
    }

    @Test
    void aContainerRunningBetweenBackOffsStillCountsAsCrashLooping() {
        Pod pod = pod("c-nameserver-0", ready(false, NOW.minusSeconds(5)), new ContainerStatusBuilder().withName("nameserver")
                .withReady(false).withRestartCount(2).withNewState().withNewRunning().endRunning().endState()
                .withNewLastState().withNewTerminated().withExitCode(137).withReason("OOMKilled").endTerminated().endLastState().build());
        assertThat(PodHealth.problems(List.of(), List.of(pod), List.of(), NOW, GRACE)).singleElement()
                .satisfies(p -> assertThat(p.message()).isEqualTo(
                        "Pod c-nameserver-0: container nameserver is crash-looping (restarted 2 times, last exit code 137 OOMKilled)."));
    }

    @Test
    void oneFailureFollowedByARecoveryIsNotACrashLoop() {
        Pod pod = pod("c-broker-0-master-0", ready(false, NOW.minusSeconds(30)), new ContainerStatusBuilder().withName("broker")
                .withReady(false).withRestartCount(1).withNewState().withNewRunning().endRunning().endState()
                .withNewLastState().withNewTerminated().withExitCode(137).withReason("OOMKilled").endTerminated().endLastState().build());
        assertThat(PodHealth.problems(List.of(), List.of(pod), List.of(), NOW, GRACE)).isEmpty();
    }

    @Test
    void aRecoveredContainerIsNotAProblem() {
        Pod pod = pod("c-nameserver-0", ready(true, NOW.minusSeconds(5)), new ContainerStatusBuilder().withName("nameserver")
                .withReady(true).withRestartCount(1).withNewLastState().withNewTerminated().withExitCode(1).endTerminated()
                .endLastState().build());
        assertThat(PodHealth.problems(List.of(), List.of(pod), List.of(), NOW, GRACE)).isEmpty();
    }

    @Test
    void unschedulablePodCarriesTheSchedulersMessage() {
        Pod pod = pod("c-broker-0-master-0", (io.fabric8.kubernetes.api.model.PodCondition) null);
        pod.getStatus().setPhase("Pending");
        pod.getStatus().getConditions().add(new PodConditionBuilder().withType("PodScheduled").withStatus("False")
                .withReason("Unschedulable").withMessage("0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims.")
                .build());
        assertThat(PodHealth.problems(List.of(), List.of(pod), List.of(), NOW, GRACE)).singleElement().satisfies(p -> {
            assertThat(p.reason()).isEqualTo(PodHealth.UNSCHEDULABLE);
            assertThat(p.message()).isEqualTo("Pod c-broker-0-master-0 cannot be scheduled: "
                    + "0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims.");
        });
    }

    @Test
    void notReadyIsAProblemOnlyAfterTheGracePeriod() {
        ContainerStatus pulling = new ContainerStatusBuilder().withName("broker").withReady(false).withRestartCount(0)
                .withNewState().withNewWaiting().withReason("ImagePullBackOff").withMessage("Back-off pulling image \"x\"")
                .endWaiting().endState().build();
        Pod young = pod("c-broker-0-slave-0", ready(false, NOW.minus(GRACE)), pulling);
        Pod old = pod("c-broker-0-slave-1", ready(false, NOW.minus(GRACE).minusSeconds(1)), pulling);

        assertThat(PodHealth.problems(List.of(), List.of(young, old), List.of(), NOW, GRACE)).singleElement().satisfies(p -> {
            assertThat(p.reason()).isEqualTo(PodHealth.NOT_READY);
            assertThat(p.message()).isEqualTo("Pod c-broker-0-slave-1 has not been ready since 2026-12-07T05:54:59Z "
                    + "(grace period 5m): container broker is waiting (ImagePullBackOff): Back-off pulling image \"x\"");
        });
    }

    @Test
    void missingPodsWithAFailedCreateEventAreReportedWithTheEventsMessage() {
        StatefulSet set = set("c-broker-0-master", "uid-1", 1);
        Event older = failedCreate("c-broker-0-master", "uid-1", "2026-12-07T05:50:00Z", "quota exceeded");
        Event newer = failedCreate("c-broker-0-master", "uid-1", "2026-12-07T05:59:00Z",
                "pods \"c-broker-0-master-0\" is forbidden: violates PodSecurity \"restricted:latest\": privileged");
        Event otherSet = failedCreate("other", null, "2026-12-07T05:59:30Z", "not ours");
        Event earlierIncarnation = failedCreate("c-broker-0-master", "uid-0", "2026-12-07T05:59:50Z", "old set");

        assertThat(PodHealth.problems(List.of(set), List.of(), List.of(older, newer, otherSet, earlierIncarnation), NOW, GRACE))
                .singleElement().satisfies(p -> {
                    assertThat(p.reason()).isEqualTo(PodHealth.CREATE_FAILED);
                    assertThat(p.subject()).isEqualTo("c-broker-0-master");
                    assertThat(p.message()).isEqualTo("StatefulSet c-broker-0-master has 0 of 1 pods; creating them fails: "
                            + "pods \"c-broker-0-master-0\" is forbidden: violates PodSecurity \"restricted:latest\": privileged");
                });
    }

    @Test
    void aFailedCreateEventIsOldNewsOnceEveryPodExists() {
        StatefulSet set = set("c-broker-0-master", "uid-1", 1);
        Pod pod = pod("c-broker-0-master-0", ready(true, NOW));
        assertThat(PodHealth.problems(List.of(set), List.of(pod),
                List.of(failedCreate("c-broker-0-master", "uid-1", "2026-12-07T05:59:00Z", "x")), NOW, GRACE)).isEmpty();
    }

    @Test
    void problemsComeMostSevereFirstAndPodsBeingDeletedAreIgnored() {
        Pod notReady = pod("a-pod", ready(false, NOW.minus(Duration.ofHours(1))));
        Pod crashing = pod("z-pod", ready(false, NOW), new ContainerStatusBuilder().withName("broker").withRestartCount(1)
                .withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState().build());
        Pod deleting = pod("b-pod", ready(false, NOW.minus(Duration.ofHours(1))));
        deleting.getMetadata().setDeletionTimestamp(NOW.toString());

        List<PodProblem> problems = PodHealth.problems(List.of(), List.of(notReady, crashing, deleting), List.of(), NOW, GRACE);

        assertThat(problems).extracting(PodProblem::subject).containsExactly("z-pod", "a-pod");
        assertThat(problems.get(1).message()).endsWith("containers with unready status: [broker].");
        assertThat(PodHealth.summary(problems, 1)).isEqualTo(problems.get(0).message() + " (and 1 more)");
    }

    @Test
    void longLogsAreCutToTheirEndWithoutStackFrames() {
        String log = "x".repeat(1000) + "\njava.lang.IllegalStateException: store is locked\n\tat a.b.C.d(C.java:1)\n"
                + "\tat a.b.C.e(C.java:2)\n\t... 12 more\n";
        String bounded = PodHealth.bounded(log);
        assertThat(bounded).hasSize(PodHealth.MAX_DETAIL).startsWith("…")
                .endsWith(" | java.lang.IllegalStateException: store is locked");
    }

    private static Pod pod(String name, io.fabric8.kubernetes.api.model.PodCondition ready, ContainerStatus... containers) {
        Pod pod = new PodBuilder().withNewMetadata().withName(name).withLabels(MASTER).endMetadata()
                .withNewStatus().withPhase("Running").withContainerStatuses(containers).endStatus().build();
        if (ready != null) {
            pod.getStatus().getConditions().add(ready);
        }
        return pod;
    }

    private static io.fabric8.kubernetes.api.model.PodCondition ready(boolean status, Instant since) {
        return new PodConditionBuilder().withType("Ready").withStatus(status ? "True" : "False")
                .withLastTransitionTime(since.toString())
                .withMessage(status ? null : "containers with unready status: [broker]").build();
    }

    private static StatefulSet set(String name, String uid, int replicas) {
        return new StatefulSetBuilder().withNewMetadata().withName(name).withUid(uid).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(MASTER).endSelector().endSpec().build();
    }

    private static Event failedCreate(String set, String uid, String at, String message) {
        return new EventBuilder().withNewMetadata().withName(set + "." + at).endMetadata()
                .withNewInvolvedObject().withKind("StatefulSet").withName(set).withUid(uid).endInvolvedObject()
                .withType("Warning").withReason(PodHealth.FAILED_CREATE_EVENT).withMessage(message).withLastTimestamp(at).build();
    }
}
