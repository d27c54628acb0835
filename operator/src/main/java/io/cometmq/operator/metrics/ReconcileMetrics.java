package io.cometmq.operator.metrics;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;

/**
 * JOSDK's metrics hook: passes everything to JOSDK's own Micrometer metrics and adds
 * {@code cometmq_operator_reconcile_duration_seconds{controller, result}} (result {@code success} or {@code error})
 * and {@code cometmq_operator_reconcile_errors_total{controller}} around each reconcile and cleanup. JOSDK reports a
 * deleted primary resource here too ({@link #cleanupDoneFor}), which is when a BrokerCluster's gauges go.
 */
final class ReconcileMetrics implements Metrics {
    static final String DURATION = "cometmq.operator.reconcile.duration";
    static final String ERRORS = "cometmq.operator.reconcile.errors";
    /** BrokerClusterReconciler.NAME; the metrics package does not depend on the controller package. */
    static final String BROKER_CLUSTER_CONTROLLER = "brokercluster";
    /** From a cached reconcile (milliseconds) to a slow API server (tens of seconds). */
    private static final Duration[] BUCKETS = {Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private final Metrics delegate;
    private final MeterRegistry registry;
    private final ClusterGauges gauges;

    ReconcileMetrics(Metrics delegate, MeterRegistry registry, ClusterGauges gauges) {
        this.delegate = delegate;
        this.registry = registry;
        this.gauges = gauges;
    }

    @Override
    public void controllerRegistered(Controller<? extends HasMetadata> controller) {
        delegate.controllerRegistered(controller);
        // the error counter exists from the start, so that rate() and increase() see its first error
        errors(controller.getConfiguration().getName());
    }

    @Override
    public <T> T timeControllerExecution(ControllerExecution<T> execution) throws Exception {
        long start = System.nanoTime();
        try {
            T result = delegate.timeControllerExecution(execution);
            duration(execution.controllerName(), "success").record(Duration.ofNanos(System.nanoTime() - start));
            return result;
        } catch (Exception | Error e) {
            duration(execution.controllerName(), "error").record(Duration.ofNanos(System.nanoTime() - start));
            errors(execution.controllerName()).increment();
            throw e;
        }
    }

    @Override
    public void cleanupDoneFor(ResourceID resourceID, Map<String, Object> metadata) {
        delegate.cleanupDoneFor(resourceID, metadata);
        if (BROKER_CLUSTER_CONTROLLER.equals(metadata.get(Constants.CONTROLLER_NAME))) {
            gauges.remove(resourceID.getNamespace().orElse(""), resourceID.getName());
        }
    }

    private Timer duration(String controller, String result) {
        return Timer.builder(DURATION).description("Time one reconciliation took.")
                .tag("controller", controller).tag("result", result)
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
    }

    private Counter errors(String controller) {
        return Counter.builder(ERRORS).description("Reconciliations that failed (and are retried).")
                .tag("controller", controller).register(registry);
    }

    // --- the rest is JOSDK's own ---

    @Override
    public void receivedEvent(Event event, Map<String, Object> metadata) {
        delegate.receivedEvent(event, metadata);
    }

    @Override
    public void reconcileCustomResource(HasMetadata resource, RetryInfo retryInfo, Map<String, Object> metadata) {
        delegate.reconcileCustomResource(resource, retryInfo, metadata);
    }

    @Override
    public void failedReconciliation(HasMetadata resource, Exception exception, Map<String, Object> metadata) {
        delegate.failedReconciliation(resource, exception, metadata);
    }

    @Override
    public void reconciliationExecutionStarted(HasMetadata resource, Map<String, Object> metadata) {
        delegate.reconciliationExecutionStarted(resource, metadata);
    }

    @Override
    public void reconciliationExecutionFinished(HasMetadata resource, Map<String, Object> metadata) {
        delegate.reconciliationExecutionFinished(resource, metadata);
    }

    @Override
    public void finishedReconciliation(HasMetadata resource, Map<String, Object> metadata) {
        delegate.finishedReconciliation(resource, metadata);
    }

    @Override
    public <T extends Map<?, ?>> T monitorSizeOf(T map, String name) {
        return delegate.monitorSizeOf(map, name);
    }
}
