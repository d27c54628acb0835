package io.cometmq.e2e.cluster;

import java.time.Duration;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * A producer's write outage, from the times of its acknowledgements (its own clock, milliseconds since the epoch):
 * the longest gap between two consecutive SEND_OKs. The producer sends one message at a time at a steady rate, so
 * outside an outage the gaps are about one send interval; the longest gap is an upper bound, within one interval,
 * of how long nothing could be written.
 */
record WriteOutage(long lastAckBefore, long firstAckAfter) {

    static Optional<WriteOutage> longest(NavigableMap<Long, Integer> ackTimes) {
        WriteOutage longest = null;
        Long previous = null;
        for (long at : ackTimes.keySet()) {
            if (previous != null && (longest == null || at - previous > longest.length().toMillis())) {
                longest = new WriteOutage(previous, at);
            }
            previous = at;
        }
        return Optional.ofNullable(longest);
    }

    Duration length() {
        return Duration.ofMillis(firstAckAfter - lastAckBefore);
    }
}
