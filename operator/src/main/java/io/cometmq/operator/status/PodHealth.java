package io.cometmq.operator.status;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the pods of a cluster say, turned into Degraded reasons. Pure: pods, StatefulSets and their
 * FailedCreate events come in, the clock and the grace period are passed.
 *
 * <ul>
 *   <li>{@value #CRASH_LOOPING}: a container waits in CrashLoopBackOff, or has failed at least twice and is not
 *       ready again; the message carries its last termination message (the log tail, thanks to
 *       FallbackToLogsOnError). Reported at once: a crash is never part of a normal start.</li>
 *   <li>{@value #CREATE_FAILED}: a StatefulSet has fewer pods than replicas and a FailedCreate Warning event
 *       (a Pod Security or quota rejection); the message is the event's.</li>
 *   <li>{@value #UNSCHEDULABLE}: PodScheduled=False/Unschedulable, with the scheduler's message (no node fits,
 *       unbound claim). Reported at once: the scheduler says it only after a failed attempt.</li>
 *   <li>{@value #NOT_READY}: not ready for longer than the grace period, so starts and recoveries are quiet.</li>
 * </ul>
 * Problems are ordered by that list, then by name; pods being deleted are ignored.
 */
public final class PodHealth {
    public static final String CRASH_LOOPING = "PodCrashLooping";
    public static final String CREATE_FAILED = "PodCreateFailed";
    public static final String UNSCHEDULABLE = "PodUnschedulable";
    public static final String NOT_READY = "PodNotReady";
    public static final String FAILED_CREATE_EVENT = "FailedCreate";
    /** Longest text taken from a log tail or an event; status stays readable in kubectl describe. */
    static final int MAX_DETAIL = 300;
    private static final List<String> ORDER = List.of(CRASH_LOOPING, CREATE_FAILED, UNSCHEDULABLE, NOT_READY);

    private PodHealth() {}

    public static List<PodProblem> problems(Collection<StatefulSet> sets, Collection<Pod> pods,
            Collection<Event> events, Instant now, Duration grace) {
        List<Pod> live = pods.stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
        List<PodProblem> problems = new ArrayList<>();
        for (Pod pod : live) {
            podProblem(pod, now, grace).ifPresent(problems::add);
        }
        for (StatefulSet set : sets) {
            createFailed(set, live, events).ifPresent(problems::add);
        }
        problems.sort(Comparator.comparingInt((PodProblem p) -> ORDER.indexOf(p.reason())).thenComparing(PodProblem::subject));
        return problems;
    }

    static Optional<PodProblem> podProblem(Pod pod, Instant now, Duration grace) {
        String name = pod.getMetadata().getName();
        var status = pod.getStatus();
        if (status == null) {
            return Optional.empty();
        }
        for (ContainerStatus container : containers(pod)) {
            if (crashLooping(container)) {
                return Optional.of(new PodProblem(CRASH_LOOPING, name, crashMessage(name, container)));
            }
        }
        Optional<PodCondition> scheduled = condition(pod, "PodScheduled");
        if (scheduled.isPresent() && "False".equals(scheduled.get().getStatus())
                && "Unschedulable".equals(scheduled.get().getReason())) {
            return Optional.of(new PodProblem(UNSCHEDULABLE, name, "Pod " + name + " cannot be scheduled: "
                    + bounded(scheduled.get().getMessage())));
        }
        Optional<PodCondition> ready = condition(pod, "Ready");
        if (ready.isPresent() && "True".equals(ready.get().getStatus())) {
            return Optional.empty();
        }
        Instant since = ready.map(PodCondition::getLastTransitionTime).or(() -> Optional.ofNullable(status.getStartTime()))
                .or(() -> Optional.ofNullable(pod.getMetadata().getCreationTimestamp())).flatMap(PodHealth::instant).orElse(now);
        Duration notReady = Duration.between(since, now);
        if (notReady.compareTo(grace) <= 0) {
            return Optional.empty();
        }
        // "since <time>", not "for 7m": the message stays the same from one reconcile to the next
        return Optional.of(new PodProblem(NOT_READY, name, "Pod " + name + " has not been ready since " + since
                + " (grace period " + grace.toString().substring(2).toLowerCase() + "): " + notReadyDetail(pod, ready)));
    }

    /**
     * Waiting in back-off, or failed at least twice and not ready since: between back-offs a crash-looping
     * container runs briefly, and that must not read as recovered. One failure followed by a long recovery
     * (a broker replaying its commit log after an OOM kill) is left to the not-ready grace period.
     */
    static boolean crashLooping(ContainerStatus container) {
        ContainerStateWaiting waiting = container.getState() == null ? null : container.getState().getWaiting();
        if (waiting != null && "CrashLoopBackOff".equals(waiting.getReason())) {
            return true;
        }
        ContainerStateTerminated last = container.getLastState() == null ? null : container.getLastState().getTerminated();
        boolean failedBefore = last != null && last.getExitCode() != null && last.getExitCode() != 0;
        int restarts = container.getRestartCount() == null ? 0 : container.getRestartCount();
        return failedBefore && restarts >= 2 && !Boolean.TRUE.equals(container.getReady());
    }

    static Optional<PodProblem> createFailed(StatefulSet set, List<Pod> pods, Collection<Event> events) {
        int replicas = set.getSpec() == null || set.getSpec().getReplicas() == null ? 1 : set.getSpec().getReplicas();
        Map<String, String> selector = set.getSpec() == null || set.getSpec().getSelector() == null
                ? Map.of() : set.getSpec().getSelector().getMatchLabels();
        long present = pods.stream().filter(p -> selects(selector, p.getMetadata().getLabels())).count();
        if (present >= replicas) {
            return Optional.empty();
        }
        String name = set.getMetadata().getName();
        return events.stream()
                .filter(e -> FAILED_CREATE_EVENT.equals(e.getReason()) && "Warning".equals(e.getType()))
                .filter(e -> e.getInvolvedObject() != null && "StatefulSet".equals(e.getInvolvedObject().getKind())
                        && name.equals(e.getInvolvedObject().getName()))
                // an event of an earlier StatefulSet with the same name does not count
                .filter(e -> e.getInvolvedObject().getUid() == null || set.getMetadata().getUid() == null
                        || e.getInvolvedObject().getUid().equals(set.getMetadata().getUid()))
                .max(Comparator.comparing(PodHealth::eventTime))
                .map(e -> new PodProblem(CREATE_FAILED, name, "StatefulSet " + name + " has " + present + " of " + replicas
                        + " pods; creating them fails: " + bounded(e.getMessage())));
    }

    /** At most {@code limit} problem messages, then how many more there are. */
    public static String summary(List<PodProblem> problems, int limit) {
        String shown = problems.stream().limit(limit).map(PodProblem::message).collect(Collectors.joining(" "));
        return problems.size() <= limit ? shown : shown + " (and " + (problems.size() - limit) + " more)";
    }

    /**
     * The end of a log tail or message, where the error is, at most {@link #MAX_DETAIL} characters. Java stack
     * frames are dropped first so that the exception line, not "at ..." lines, survives the cut.
     */
    static String bounded(String text) {
        if (text == null || text.isBlank()) {
            return "(no message)";
        }
        String kept = text.lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("at ") && !(l.startsWith("...") && l.endsWith("more")))
                .collect(Collectors.joining(" | "));
        return kept.length() <= MAX_DETAIL ? kept : "…" + kept.substring(kept.length() - MAX_DETAIL + 1);
    }

    /** "Pod P: container C is crash-looping (restarted 3 times, last exit code 2 Error): <log tail>." */
    private static String crashMessage(String pod, ContainerStatus container) {
        int count = container.getRestartCount() == null ? 0 : container.getRestartCount();
        StringBuilder text = new StringBuilder("Pod ").append(pod).append(": container ").append(container.getName())
                .append(" is crash-looping (restarted ").append(count).append(count == 1 ? " time" : " times");
        ContainerStateTerminated last = container.getLastState() == null ? null : container.getLastState().getTerminated();
        ContainerStateWaiting waiting = container.getState() == null ? null : container.getState().getWaiting();
        String said = null;
        if (last != null) {
            text.append(", last exit code ").append(last.getExitCode());
            if (last.getReason() != null) {
                text.append(' ').append(last.getReason());
            }
            said = last.getMessage();
        }
        if ((said == null || said.isBlank()) && waiting != null) {
            said = waiting.getMessage();
        }
        text.append(')');
        return text.append(said == null || said.isBlank() ? "." : ": " + bounded(said)).toString();
    }

    private static String notReadyDetail(Pod pod, Optional<PodCondition> ready) {
        for (ContainerStatus container : containers(pod)) {
            ContainerStateWaiting waiting = container.getState() == null ? null : container.getState().getWaiting();
            if (waiting != null && waiting.getReason() != null) {
                return "container " + container.getName() + " is waiting (" + waiting.getReason() + ")"
                        + (waiting.getMessage() == null ? "." : ": " + bounded(waiting.getMessage()));
            }
        }
        String phase = pod.getStatus().getPhase();
        return ready.map(PodCondition::getMessage).filter(Objects::nonNull).map(PodHealth::bounded)
                .orElse("phase " + (phase == null ? "unknown" : phase)) + ".";
    }

    private static List<ContainerStatus> containers(Pod pod) {
        return Stream.concat(pod.getStatus().getInitContainerStatuses().stream(),
                pod.getStatus().getContainerStatuses().stream()).toList();
    }

    private static Optional<PodCondition> condition(Pod pod, String type) {
        return pod.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    private static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return !selector.isEmpty() && labels != null && labels.entrySet().containsAll(selector.entrySet());
    }

    private static Instant eventTime(Event event) {
        return Stream.of(event.getLastTimestamp(), event.getEventTime() == null ? null : event.getEventTime().getTime(),
                        event.getFirstTimestamp(), event.getMetadata() == null ? null : event.getMetadata().getCreationTimestamp())
                .map(PodHealth::instant).flatMap(Optional::stream).findFirst().orElse(Instant.EPOCH);
    }

    private static Optional<Instant> instant(String timestamp) {
        try {
            return timestamp == null ? Optional.empty() : Optional.of(Instant.parse(timestamp));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
