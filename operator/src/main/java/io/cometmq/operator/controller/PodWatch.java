package io.cometmq.operator.controller;

import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.model.Labels;
import io.cometmq.operator.reconcile.ObservedState;
import io.cometmq.operator.status.PodHealth;
import io.cometmq.operator.status.PodProblem;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.config.informer.FieldSelector;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where the pod-derived part of status comes from: an informer on the cluster's pods and one on FailedCreate
 * events of StatefulSets, both triggering a reconcile of the owning BrokerCluster, and {@link PodHealth} run
 * over what they cache.
 *
 * <p>Pods are owned by StatefulSets, not by the BrokerCluster, so they are mapped through their
 * {@code app.kubernetes.io/instance} label. Events carry no labels; an informer with the field selector
 * {@code involvedObject.kind=StatefulSet,reason=FailedCreate} makes the API server send only the events that
 * matter here (a handful, and they expire after an hour), instead of a list call on every reconcile or a cache
 * of every event in the namespace. The event is mapped to the clusters whose StatefulSet names could be its
 * subject; the cache is filtered again when read (see ReconcilerSettings.eventFieldSelector for the tests).
 */
final class PodWatch {
    static final String STATEFUL_SET = "StatefulSet";

    private PodWatch() {}

    static List<EventSource<?, BrokerCluster>> eventSources(EventSourceContext<BrokerCluster> context,
            ReconcilerSettings settings) {
        List<EventSource<?, BrokerCluster>> sources = new ArrayList<>();
        sources.add(new InformerEventSource<>(InformerEventSourceConfiguration.from(Pod.class, BrokerCluster.class)
                .withLabelSelector(Labels.MANAGED_SELECTOR)
                .withSecondaryToPrimaryMapper(PodWatch::clusterOfPod)
                .build(), context));
        var events = InformerEventSourceConfiguration.from(Event.class, BrokerCluster.class)
                .withSecondaryToPrimaryMapper(event -> clustersOfEvent(event, context));
        if (settings.eventFieldSelector()) {
            events.withFieldSelector(new FieldSelector(new FieldSelector.Field("involvedObject.kind", STATEFUL_SET),
                    new FieldSelector.Field("reason", PodHealth.FAILED_CREATE_EVENT)));
        }
        sources.add(new InformerEventSource<>(events.build(), context));
        return sources;
    }

    /** What the pods and FailedCreate events of this cluster say, most severe first. */
    static List<PodProblem> problems(BrokerCluster cluster, Context<BrokerCluster> context, ObservedState live,
            ReconcilerSettings settings) {
        List<StatefulSet> sets = new ArrayList<>(live.brokerSets());
        if (live.nameServer() != null) {
            sets.add(live.nameServer());
        }
        Set<String> setNames = sets.stream().map(s -> s.getMetadata().getName()).collect(Collectors.toSet());
        List<Event> events = context.eventSourceRetriever().getEventSourceFor(Event.class) instanceof InformerEventSource<Event, BrokerCluster> source
                ? source.list(cluster.getMetadata().getNamespace(), e -> isFailedCreateOf(e, setNames)).toList()
                : List.of();
        return PodHealth.problems(sets, context.getSecondaryResources(Pod.class), events, Instant.now(settings.clock()),
                settings.podNotReadyGrace());
    }

    static Set<ResourceID> clusterOfPod(Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        String cluster = labels == null ? null : labels.get(Labels.INSTANCE);
        return cluster == null ? Set.of() : Set.of(new ResourceID(cluster, pod.getMetadata().getNamespace()));
    }

    /** StatefulSet names start with the cluster name and a dash (Names); a second match only costs a reconcile. */
    static Set<ResourceID> clustersOfEvent(Event event, EventSourceContext<BrokerCluster> context) {
        if (event.getInvolvedObject() == null || !isFailedCreateOf(event, null)) {
            return Set.of();
        }
        String namespace = event.getInvolvedObject().getNamespace() != null
                ? event.getInvolvedObject().getNamespace() : event.getMetadata().getNamespace();
        String set = event.getInvolvedObject().getName();
        return context.getPrimaryCache().list(namespace)
                .filter(bc -> set.startsWith(bc.getMetadata().getName() + "-"))
                .map(HasMetadata::getMetadata)
                .map(m -> new ResourceID(m.getName(), m.getNamespace()))
                .collect(Collectors.toSet());
    }

    /** A FailedCreate event on a StatefulSet, and on one of {@code setNames} unless that is null. */
    static boolean isFailedCreateOf(Event event, Set<String> setNames) {
        return event.getInvolvedObject() != null && STATEFUL_SET.equals(event.getInvolvedObject().getKind())
                && PodHealth.FAILED_CREATE_EVENT.equals(event.getReason())
                && (setNames == null || setNames.contains(event.getInvolvedObject().getName()));
    }
}
