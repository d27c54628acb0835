package io.cometmq.broker.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * A gauge family whose label sets come and go (clients connect and leave, groups start and stop consuming, slaves
 * reconnect). {@link #refresh()} registers a series for each label set in the current snapshot and removes the
 * series whose label set is gone (Micrometer's {@link MultiGauge}); the broker calls it on a short schedule
 * ({@link BrokerGauges#REFRESH_MILLIS}). Values are read from the snapshot at scrape time, so they are current even
 * between refreshes; a series whose label set vanished since the last refresh reads 0 until the next one.
 *
 * @param <T> one row of the snapshot, e.g. the lag figures of one (group, topic)
 */
final class DynamicGauge<T> {

    private final MultiGauge gauge;
    private final Supplier<? extends Map<Tags, ?>> labelSets;
    private final Supplier<Map<Tags, T>> snapshot;
    private final ToDoubleFunction<T> value;

    /** Label sets are the snapshot's keys. */
    DynamicGauge(MeterRegistry registry, String name, String baseUnit, Supplier<Map<Tags, T>> snapshot,
            ToDoubleFunction<T> value) {
        this(registry, name, baseUnit, snapshot, snapshot, value);
    }

    /** @param labelSets a cheaper source of the snapshot's keys, for families whose values cost more to compute */
    DynamicGauge(MeterRegistry registry, String name, String baseUnit, Supplier<? extends Map<Tags, ?>> labelSets,
            Supplier<Map<Tags, T>> snapshot, ToDoubleFunction<T> value) {
        this.gauge = MultiGauge.builder(name).description(BrokerGauges.GAUGE_HELP).baseUnit(baseUnit)
                .register(registry);
        this.labelSets = labelSets;
        this.snapshot = snapshot;
        this.value = value;
    }

    /** Adds series for new label sets and removes those no longer there. */
    void refresh() {
        refresh(labelSets.get());
    }

    /** As {@link #refresh()}, with label sets the caller already has (several families share them). */
    void refresh(Map<Tags, ?> current) {
        List<MultiGauge.Row<?>> rows = current.keySet().stream()
                .<MultiGauge.Row<?>>map(tags -> MultiGauge.Row.of(tags, this, self -> self.read(tags)))
                .toList();
        gauge.register(rows, false); // false: series already there keep their gauge (and keep reading the snapshot)
    }

    private double read(Tags tags) {
        T row = snapshot.get().get(tags);
        return row == null ? 0 : value.applyAsDouble(row);
    }
}
