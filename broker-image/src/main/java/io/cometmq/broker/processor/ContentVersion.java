package io.cometmq.broker.processor;

import io.cometmq.protocol.body.DataVersion;
import java.time.Clock;
import java.util.Objects;

/**
 * A DataVersion for a table whose owner keeps none: it moves on whenever the table's content (by hash) differs
 * from the last time it was asked, which is when a slave copying the table needs to notice.
 */
final class ContentVersion {

    private final Clock clock;
    private DataVersion version;
    private int lastHash;

    ContentVersion(Clock clock) {
        this.clock = clock;
    }

    synchronized DataVersion of(Object content) {
        int hash = Objects.hashCode(content);
        if (version == null) {
            version = DataVersion.initial(clock.millis());
        } else if (hash != lastHash) {
            version = version.next(clock.millis());
        }
        lastHash = hash;
        return version;
    }
}
