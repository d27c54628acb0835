package io.cometmq.protocol.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps every family of a registry at {@code limit} label sets (docs/METRICS.md, "Cardinality"). A new label set past
 * the limit is recorded in the family's overflow series instead, and {@code cometmq_metrics_overflow_total{family}}
 * counts it; the first overflow of a family is logged as a warning. Series already created keep counting; a removed
 * series (a gauge whose client went away) frees its place.
 *
 * <p>The overflow series keeps the common labels and gives every other label the empty value, which Prometheus
 * treats as an absent label: Micrometer's Prometheus registry needs every series of a family to have the same label
 * keys, so Apache's extra {@code otel_metric_overflow="true"} label cannot be added.
 *
 * <p>It is a {@link MeterFilter}: Micrometer runs it once per new label set, never on the recording path.
 */
public final class CardinalityGuard implements MeterFilter {

    static final String OVERFLOW_FAMILY = "cometmq_metrics_overflow";
    private static final Logger log = LoggerFactory.getLogger(CardinalityGuard.class);

    private final int limit;
    private final Set<String> commonKeys;
    private final Map<String, Set<List<Tag>>> seen = new ConcurrentHashMap<>();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private volatile MeterRegistry registry;

    private CardinalityGuard(int limit, Tags commonTags) {
        this.limit = limit;
        this.commonKeys = commonTags.stream().map(Tag::getKey).collect(java.util.stream.Collectors.toSet());
    }

    /**
     * Adds the common tags and then the guard to {@code registry}; call before registering any meter.
     */
    public static CardinalityGuard install(MeterRegistry registry, Tags commonTags, int limit) {
        CardinalityGuard guard = new CardinalityGuard(limit, commonTags);
        registry.config().commonTags(commonTags).meterFilter(guard).onMeterRemoved(guard::removed);
        guard.registry = registry;
        return guard;
    }

    @Override
    public Meter.Id map(Meter.Id id) {
        if (id.getName().equals(OVERFLOW_FAMILY)) {
            return id;
        }
        List<Tag> tags = id.getTags();
        Set<List<Tag>> family = seen.computeIfAbsent(id.getName(), name -> ConcurrentHashMap.newKeySet());
        if (family.contains(tags)) {
            return id;
        }
        synchronized (family) {
            if (family.size() < limit) {
                family.add(tags);
                return id;
            }
        }
        overflowed(id.getName());
        return id.replaceTags(overflowTags(tags));
    }

    private List<Tag> overflowTags(List<Tag> tags) {
        List<Tag> overflow = new ArrayList<>(tags.size());
        for (Tag tag : tags) {
            overflow.add(commonKeys.contains(tag.getKey()) ? tag : Tag.of(tag.getKey(), ""));
        }
        return overflow;
    }

    private void overflowed(String family) {
        MeterRegistry target = registry;
        if (target != null) {
            Counter.builder(OVERFLOW_FAMILY).description("label sets refused by the cardinality limit")
                    .tag("family", family).register(target).increment();
        }
        if (warned.add(family)) {
            log.warn("metric family {} reached metricsOtelCardinalityLimit={} label sets: further label sets are "
                    + "recorded in its overflow series (labels other than the common ones empty)", family, limit);
        }
    }

    private void removed(Meter meter) {
        Set<List<Tag>> family = seen.get(meter.getId().getName());
        if (family != null) {
            family.remove(meter.getId().getTags());
        }
    }
}
