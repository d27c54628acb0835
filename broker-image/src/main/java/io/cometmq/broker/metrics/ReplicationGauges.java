package io.cometmq.broker.metrics;

import io.cometmq.broker.ha.ReplicationService;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.HashMap;
import java.util.Map;

/**
 * CometMQ's replication families of the MESSAGE_STORE group, on a master: {@code cometmq_replication_connected_slaves}
 * and per slave ({@code slave_address}, the {@code ip:port} of its HA connection, new after each reconnect)
 * {@code cometmq_replication_lag_bytes} (commit-log bytes not yet confirmed by the slave) and
 * {@code cometmq_replication_lag_milliseconds} (how long the oldest of those has been waiting: how long the slave has
 * been behind; 0 when caught up). A slave exports 0 connected slaves and no per-slave series; the series follow
 * promotion and demotion.
 */
final class ReplicationGauges implements MeterBinder {

    private final BrokerGaugeSources sources;

    ReplicationGauges(BrokerGaugeSources sources) {
        this.sources = sources;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        // full names, no base unit: two meters that differ only in base unit would be one meter to Micrometer
        ReplicationService replication = sources.replication();
        Gauge.builder("cometmq_replication_connected_slaves", replication, ReplicationService::connectedSlaves)
                .description(BrokerGauges.GAUGE_HELP).register(registry);
        Cached<Map<Tags, ReplicationService.SlaveLag>> lags = new Cached<>(() -> bySlave(replication),
                BrokerGauges.SNAPSHOT_MILLIS, System::currentTimeMillis);
        DynamicGauge<ReplicationService.SlaveLag> bytes = new DynamicGauge<>(registry,
                "cometmq_replication_lag_bytes", null, lags::get, ReplicationService.SlaveLag::bytes);
        DynamicGauge<ReplicationService.SlaveLag> millis = new DynamicGauge<>(registry,
                "cometmq_replication_lag_milliseconds", null, lags::get, ReplicationService.SlaveLag::millis);
        Runnable refresh = () -> {
            Map<Tags, ReplicationService.SlaveLag> current = lags.get();
            bytes.refresh(current);
            millis.refresh(current);
        };
        refresh.run();
        BrokerGauges.keepRefreshed(sources.scheduler(), refresh);
    }

    private static Map<Tags, ReplicationService.SlaveLag> bySlave(ReplicationService replication) {
        Map<Tags, ReplicationService.SlaveLag> rows = new HashMap<>();
        replication.slaveLags().forEach((address, lag) -> rows.put(Tags.of("slave_address", address), lag));
        return rows;
    }
}
