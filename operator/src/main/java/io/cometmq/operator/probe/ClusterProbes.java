package io.cometmq.operator.probe;

import io.cometmq.operator.crd.BrokerCluster;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.ResourceIDMapper;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.polling.PerResourcePollingConfigurationBuilder;
import io.javaoperatorsdk.operator.processing.event.source.polling.PerResourcePollingEventSource;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The polling event source that runs a {@link ClusterProber} for every BrokerCluster every {@code period} (the
 * first time right after the cluster is seen; every {@link #BUSY_PERIOD} while failover has something to watch) on
 * a few threads of its own, and triggers a reconcile whenever the
 * result changes. The reconciler reads the last result with {@link #last}, which never calls out: JOSDK's
 * {@code Context.getSecondaryResource} would fetch synchronously when nothing was cached yet.
 */
public final class ClusterProbes {
    public static final String NAME = "cluster-probes";
    private static final Duration FIRST_PROBE_DELAY = Duration.ofMillis(100);
    private static final int THREADS = 4;
    /** How often a cluster is probed while a master is suspect or a failover action is pending or refused. */
    public static final Duration BUSY_PERIOD = Duration.ofSeconds(2);

    private ClusterProbes() {}

    public static PerResourcePollingEventSource<ClusterProbe, BrokerCluster, String> eventSource(
            EventSourceContext<BrokerCluster> context, ClusterProber prober, Duration period) {
        PerResourcePollingEventSource.ResourceFetcher<ClusterProbe, BrokerCluster> fetcher = new PerResourcePollingEventSource.ResourceFetcher<>() {
            @Override
            public Set<ClusterProbe> fetchResources(BrokerCluster cluster) {
                return Set.of(prober.probe(cluster));
            }

            @Override
            public Optional<Duration> fetchDelay(Set<ClusterProbe> last, BrokerCluster cluster) {
                if (last == null || last.isEmpty()) {
                    return Optional.of(FIRST_PROBE_DELAY);
                }
                return Optional.of(last.stream().anyMatch(ClusterProbes::failoverBusy) && period.compareTo(BUSY_PERIOD) > 0
                        ? BUSY_PERIOD : period);
            }
        };
        return new PerResourcePollingEventSource<>(ClusterProbe.class, context,
                new PerResourcePollingConfigurationBuilder<ClusterProbe, BrokerCluster, String>(fetcher, period)
                        .withName(NAME)
                        .withResourceIDMapper(ResourceIDMapper.singleResourceResourceIDMapper())
                        .withExecutorService(executor())
                        .build());
    }

    /** The last probe of {@code cluster}, or {@link ClusterProbe#NONE} before the first one finished. */
    public static ClusterProbe last(PerResourcePollingEventSource<ClusterProbe, BrokerCluster, String> source,
            BrokerCluster cluster) {
        return source.getSecondaryResource(ResourceID.fromResource(cluster)).orElse(ClusterProbe.NONE);
    }

    /** A group's master is unavailable (counting towards unavailableFor, or a promotion pending) or blocked. */
    static boolean failoverBusy(ClusterProbe probe) {
        return probe.control().values().stream()
                .anyMatch(c -> c.masterUnavailableSince() != null || c.problem() != null);
    }

    private static ScheduledExecutorService executor() {
        AtomicInteger threads = new AtomicInteger();
        return Executors.newScheduledThreadPool(THREADS, task -> {
            Thread thread = new Thread(task, "cometmq-probe-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }
}
