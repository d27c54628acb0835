package io.cometmq.operator.controller;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.BrokerClusterStatus;
import io.cometmq.operator.crd.ExternalAccessStatus;
import io.cometmq.operator.crd.MonitoringStatus;
import io.cometmq.operator.model.Annotations;
import io.cometmq.operator.model.Labels;
import io.cometmq.operator.model.Names;
import io.cometmq.operator.model.SpecChecker;
import io.cometmq.operator.model.SpecProblem;
import io.cometmq.operator.probe.ClusterProbe;
import io.cometmq.operator.probe.ClusterProber;
import io.cometmq.operator.probe.ClusterProbes;
import io.cometmq.operator.probe.FailoverProbe;
import io.cometmq.operator.reconcile.ClusterApply;
import io.cometmq.operator.reconcile.DrainCoordinator;
import io.cometmq.operator.reconcile.ClusterEvents;
import io.cometmq.operator.reconcile.DrainRequest;
import io.cometmq.operator.reconcile.ExternalAccessStep;
import io.cometmq.operator.reconcile.GrpcServiceStep;
import io.cometmq.operator.reconcile.ObservedState;
import io.cometmq.operator.reconcile.PodMonitorDiscovery;
import io.cometmq.operator.reconcile.PodMonitorStep;
import io.cometmq.operator.reconcile.ReconcileReport;
import io.cometmq.operator.reconcile.ResourceApplier;
import io.cometmq.operator.security.SecurityStep;
import io.cometmq.operator.status.Conditions;
import io.cometmq.operator.status.Mastership;
import io.cometmq.operator.status.PodHealth;
import io.cometmq.operator.status.PodProblem;
import io.cometmq.operator.status.RegistrationPoller;
import io.cometmq.operator.status.StatusBuilder;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.javaoperatorsdk.operator.processing.event.source.polling.PerResourcePollingEventSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles one BrokerCluster: pause? → spec check → apply (NameServers, groups, scale-down guard with the
 * drain progress the last probe measured) → status. NameServers and brokers are only asked by the probe event
 * source (ClusterProbes), on its own threads. Generation-aware processing is off because the pause and drain annotations must
 * trigger a reconcile; status is only written when it changed, so our own writes do not loop.
 */
@ControllerConfiguration(name = BrokerClusterReconciler.NAME, generationAwareEventProcessing = false)
public class BrokerClusterReconciler implements Reconciler<BrokerCluster> {
    public static final String NAME = "brokercluster";
    private static final Logger LOG = LoggerFactory.getLogger(BrokerClusterReconciler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Class<? extends HasMetadata>> OWNED =
            List.of(StatefulSet.class, Service.class, ConfigMap.class, PodDisruptionBudget.class, NetworkPolicy.class);

    private final ReconcilerSettings settings;
    private final AnnouncedConditions announced = new AnnouncedConditions();
    private final FailoverEvents failoverEvents = new FailoverEvents();
    private final MonitoringEvents monitoringEvents = new MonitoringEvents();
    private final ExternalAccessEvents externalAccessEvents = new ExternalAccessEvents();
    private final PodMonitorDiscovery podMonitors;
    private PerResourcePollingEventSource<ClusterProbe, BrokerCluster, String> probes;

    public BrokerClusterReconciler(ReconcilerSettings settings) {
        this.settings = settings;
        this.podMonitors = new PodMonitorDiscovery(settings.clock(), settings.apiDiscoveryInterval());
    }

    @Override
    public List<EventSource<?, BrokerCluster>> prepareEventSources(EventSourceContext<BrokerCluster> context) {
        List<EventSource<?, BrokerCluster>> sources = new ArrayList<>();
        for (Class<? extends HasMetadata> kind : OWNED) {
            sources.add(new InformerEventSource<>(InformerEventSourceConfiguration.from(kind, BrokerCluster.class)
                    .withLabelSelector(Labels.MANAGED_SELECTOR)
                    .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(BrokerCluster.class))
                    .build(), context));
        }
        // NameServer and broker calls run here, on the probe threads, never in reconcile(); so does failover
        FailoverProbe failover = settings.failover().available()
                ? new FailoverProbe(context.getClient(), settings.failover(), settings.clock(), settings.metrics())
                : null;
        ClusterProber prober = new ClusterProber(new RegistrationPoller(settings.registrations()),
                new DrainCoordinator(settings.drainer(), settings.metrics()), settings.brokerRuntime(),
                settings.clusterDomain(), failover, settings.clusterScope());
        probes = ClusterProbes.eventSource(context, prober, settings.probePeriod());
        sources.add(probes);
        sources.addAll(PodWatch.eventSources(context, settings));
        return sources;
    }

    @Override
    public UpdateControl<BrokerCluster> reconcile(BrokerCluster cluster, Context<BrokerCluster> context) {
        Names names = new Names(cluster.getMetadata().getName(), cluster.getMetadata().getNamespace(),
                settings.clusterDomain());
        ClusterEvents events = new ClusterEvents(context.getClient(), settings.clock());
        ObservedState live = ObservedState.from(context.getSecondaryResources(StatefulSet.class));

        ClusterProbe probe = ClusterProbes.last(probes, cluster);
        Mastership mastership = Mastership.from(names, context.getSecondaryResources(ConfigMap.class),
                context.getSecondaryResources(Pod.class));
        Changed changed = changeCluster(cluster, names, live, probe, mastership, context, events);
        ReconcileReport report = changed.report();

        List<PodProblem> pods = new ArrayList<>(PodWatch.problems(cluster, context, report.observed(), settings));
        // after the pod problems: a certificate the user must renew matters less than a pod that is down now
        changed.security().ifPresent(s -> s.warnings().forEach(w -> pods.add(new PodProblem(w.reason(),
                names.cluster(), w.message()))));
        BrokerClusterStatus status = StatusBuilder.build(cluster, names, report, probe, pods, mastership,
                Instant.now(settings.clock()));
        status.setSecurity(changed.security().map(SecurityStep.Result::status)
                .orElse(cluster.getStatus() == null ? null : cluster.getStatus().getSecurity()));
        status.setMonitoring(changed.monitoring()
                .orElse(cluster.getStatus() == null ? null : cluster.getStatus().getMonitoring()));
        status.setGrpcEndpoint(changed.grpc().map(GrpcServiceStep.Result::endpoint)
                .orElse(cluster.getStatus() == null ? null : cluster.getStatus().getGrpcEndpoint()));
        status.setExternalAccess(changed.external().map(ExternalAccessStep.Result::status)
                .orElse(cluster.getStatus() == null ? null : cluster.getStatus().getExternalAccess()));
        settings.metrics().clusterStatus(cluster, status, podNames(context), pods.stream()
                .filter(p -> PodHealth.CRASH_LOOPING.equals(p.reason())).map(PodProblem::subject).toList());
        String key = cluster.getMetadata().getNamespace() + "/" + cluster.getMetadata().getName() + "/"
                + cluster.getMetadata().getUid();
        ConditionEvents.announce(cluster, announced.previous(key, previousConditions(cluster)), status.getConditions(),
                events);
        announced.remember(key, status.getConditions());
        failoverEvents.announce(key, cluster, cluster.getStatus(), status, events);
        monitoringEvents.announce(key, cluster, cluster.getStatus(), status, events);
        externalAccessEvents.announce(key, cluster, cluster.getStatus(), status, events);

        UpdateControl<BrokerCluster> control = sameStatus(cluster.getStatus(), status)
                ? UpdateControl.noUpdate() : UpdateControl.patchStatus(statusOnly(cluster, status));
        // external addresses of NodePort Services come from nodes, which are not watched: look again soon while Pending
        boolean externalPending = status.getExternalAccess() != null
                && ExternalAccessStatus.PENDING.equals(status.getExternalAccess().getState());
        return control.rescheduleAfter("Running".equals(status.getPhase()) && !externalPending
                ? settings.recheckWhenRunning() : settings.recheckWhileBusy());
    }

    /**
     * What changeCluster did, and what the security, PodMonitor, gRPC and external access steps found (empty when
     * they did not run).
     */
    private record Changed(ReconcileReport report, Optional<SecurityStep.Result> security,
            Optional<MonitoringStatus> monitoring, Optional<GrpcServiceStep.Result> grpc,
            Optional<ExternalAccessStep.Result> external) {
        Changed(ReconcileReport report) {
            this(report, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }

        Changed(ReconcileReport report, Optional<SecurityStep.Result> security) {
            this(report, security, Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    private static List<String> podNames(Context<BrokerCluster> context) {
        return context.getSecondaryResources(Pod.class).stream().map(p -> p.getMetadata().getName()).toList();
    }

    private Changed changeCluster(BrokerCluster cluster, Names names, ObservedState live, ClusterProbe probe,
            Mastership mastership, Context<BrokerCluster> context, ClusterEvents events) {
        if (Annotations.paused(cluster)) {
            LOG.debug("{}/{} is paused", names.namespace(), names.cluster());
            return new Changed(ReconcileReport.paused(live));
        }
        List<SpecProblem> problems = new ArrayList<>(SpecChecker.check(cluster, live.brokerSets()));
        problems.addAll(SpecChecker.checkMasters(cluster, names, mastership.masters()));
        NamespacePodSecurity.check(context.getClient(), cluster).ifPresent(problems::add);
        if (!problems.isEmpty()) {
            LOG.info("{}/{} spec problems: {}", names.namespace(), names.cluster(), problems);
            return new Changed(ReconcileReport.invalid(live, problems));
        }
        ResourceApplier applier = new ResourceApplier(context.getClient(), kind -> cache(context, kind));
        // Secrets, certificates and NetworkPolicy first: pods must not start (or roll) without what they mount
        SecurityStep.Result security = new SecurityStep(applier, settings.clock()).apply(cluster, names,
                !context.getSecondaryResources(NetworkPolicy.class).isEmpty());
        if (!security.problems().isEmpty()) {
            LOG.info("{}/{} security problems: {}", names.namespace(), names.cluster(), security.problems());
            return new Changed(ReconcileReport.invalid(live, security.problems()), Optional.of(security));
        }
        // before the StatefulSets: broker pods mount the address ConfigMap
        Set<Integer> groups = new TreeSet<>(live.groups().keySet());
        IntStream.range(0, cluster.getSpec().getBroker().getGroups()).forEach(groups::add);
        ExternalAccessStep.Result external = new ExternalAccessStep(applier).apply(cluster, names, groups,
                context.getSecondaryResources(Service.class), context.getSecondaryResources(ConfigMap.class),
                context.getSecondaryResources(Pod.class));
        ReconcileReport report = new ClusterApply(applier, events).apply(cluster, names, live, probe.drains(),
                security.material());
        Set<Integer> removed = ClusterApply.removed(live, report);
        if (!removed.isEmpty()) {
            clearDrainAnnotation(context.getClient(), cluster, removed);
        }
        // after the pods, like the PodMonitor: the Service is worth nothing without them
        GrpcServiceStep.Result grpc = new GrpcServiceStep(applier).apply(cluster, names, context
                .getSecondaryResources(Service.class).stream()
                .anyMatch(service -> names.grpcService().equals(service.getMetadata().getName())));
        // after the pods: a PodMonitor is worth nothing without them, and its failure must not hold them back
        MonitoringStatus monitoring = new PodMonitorStep(context.getClient(), podMonitors).apply(cluster, names);
        return new Changed(report, Optional.of(security), Optional.of(monitoring), Optional.of(grpc),
                Optional.of(external));
    }

    @Override
    public ErrorStatusUpdateControl<BrokerCluster> updateErrorStatus(BrokerCluster cluster,
            Context<BrokerCluster> context, Exception e) {
        LOG.warn("{}/{} reconcile failed: {}", cluster.getMetadata().getNamespace(), cluster.getMetadata().getName(), e.toString());
        BrokerClusterStatus status = cluster.getStatus() == null ? new BrokerClusterStatus() : cluster.getStatus();
        List<Condition> next = new ArrayList<>(status.getConditions());
        next.removeIf(c -> Conditions.DEGRADED.equals(c.getType()));
        next.add(Conditions.of(Conditions.DEGRADED, true, Conditions.RECONCILE_FAILED,
                "Reconcile failed and will be retried: " + e.getMessage()));
        List<Condition> merged = new ArrayList<>();
        for (Condition c : next) {
            merged.addAll(Conditions.merge(status.getConditions(), List.of(c), Instant.now(settings.clock()),
                    cluster.getMetadata().getGeneration()));
        }
        status.setConditions(merged);
        return ErrorStatusUpdateControl.patchStatus(statusOnly(cluster, status));
    }

    /** After removing drained groups, take them out of the annotation so a later scale-up is not drained. */
    private static void clearDrainAnnotation(KubernetesClient client, BrokerCluster cluster, Set<Integer> removed) {
        String left = DrainRequest.without(DrainRequest.groups(cluster), removed);
        client.resources(BrokerCluster.class).inNamespace(cluster.getMetadata().getNamespace())
                .withName(cluster.getMetadata().getName())
                .edit(bc -> {
                    if (left == null) {
                        bc.getMetadata().getAnnotations().remove(Annotations.DRAIN_GROUP);
                    } else {
                        bc.getMetadata().getAnnotations().put(Annotations.DRAIN_GROUP, left);
                    }
                    return bc;
                });
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Optional<InformerEventSource<?, ?>> cache(Context<BrokerCluster> context, Class<? extends HasMetadata> kind) {
        try {
            EventSource source = context.eventSourceRetriever().getEventSourceFor((Class) kind);
            return source instanceof InformerEventSource informer ? Optional.of(informer) : Optional.empty();
        } catch (RuntimeException noSourceForKind) {
            return Optional.empty();
        }
    }

    private static List<Condition> previousConditions(BrokerCluster cluster) {
        return cluster.getStatus() == null ? List.of() : cluster.getStatus().getConditions();
    }

    static boolean sameStatus(BrokerClusterStatus before, BrokerClusterStatus after) {
        return before != null && JSON.valueToTree(before).equals(JSON.valueToTree(after));
    }

    /** A fresh object with only identity and status, so a status patch can never touch spec or metadata. */
    static BrokerCluster statusOnly(BrokerCluster cluster, BrokerClusterStatus status) {
        BrokerCluster fresh = new BrokerCluster();
        fresh.setMetadata(new ObjectMetaBuilder().withName(cluster.getMetadata().getName())
                .withNamespace(cluster.getMetadata().getNamespace()).build());
        fresh.setSpec(null);
        fresh.setStatus(status);
        return fresh;
    }
}
