package io.cometmq.broker.metrics;

import io.micrometer.core.instrument.Tags;

/** {@code storage_type="local"}, {@code storage_medium="disk"}: Apache's labels on store and timer families. */
public final class StoreLabels {

    public static final Tags TAGS = Tags.of("storage_type", "local", "storage_medium", "disk");

    private StoreLabels() {
    }
}
