package io.cometmq.e2e.client;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * What one client run printed, read back from its log (a Job's pod log in the end-to-end test). Lines that are not
 * {@link ClientLine}s (the Apache client's own output, JVM warnings) are ignored.
 */
public final class ClientReport {
    private final String runId;
    private final BitSet acked = new BitSet();
    private final BitSet received = new BitSet();
    private final BitSet duplicates = new BitSet();
    private final NavigableMap<Long, Integer> ackTimes = new TreeMap<>();
    private final List<String> sendFailures = new ArrayList<>();
    private final Map<String, Long> produced = new LinkedHashMap<>();
    private final Map<String, Long> consumed = new LinkedHashMap<>();
    private String missing = "";

    private ClientReport(String runId) {
        this.runId = runId;
    }

    /** Parses {@code log}; keys of other runs than {@code runId} are ignored. */
    public static ClientReport parse(String runId, String log) {
        ClientReport report = new ClientReport(runId);
        log.lines().map(String::strip).forEach(report::accept);
        return report;
    }

    private void accept(String line) {
        String[] words = line.split(" ");
        switch (words[0]) {
            case ClientLine.ACK -> sequenceOf(words).ifPresent(sequence -> {
                acked.set(sequence);
                ackTime(words).ifPresent(at -> ackTimes.merge(at, sequence, Math::min));
            });
            case ClientLine.RECEIVED -> sequenceOf(words).ifPresent(received::set);
            case ClientLine.DUPLICATE -> sequenceOf(words).ifPresent(duplicates::set);
            case ClientLine.SEND_NOT_OK, ClientLine.SEND_ERROR -> sendFailures.add(line);
            case ClientLine.PRODUCED -> produced.putAll(counters(line));
            case ClientLine.CONSUMED -> consumed.putAll(counters(line));
            case ClientLine.MISSING -> missing = words.length > 1 && words[1].startsWith(runId + ":")
                    ? words[1].substring(runId.length() + 1) : missing;
            default -> {
                // not a client line
            }
        }
    }

    private OptionalInt sequenceOf(String[] words) {
        if (words.length < 2 || !words[1].startsWith(runId + "-")) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(words[1].substring(runId.length() + 1)));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** The ACK line's last word, the producer's clock at the acknowledgement (absent in older logs). */
    private static OptionalLong ackTime(String[] words) {
        if (words.length < 6) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(words[5]));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static Map<String, Long> counters(String line) {
        Map<String, Long> values = new LinkedHashMap<>();
        for (String word : line.split(" ")) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                try {
                    values.put(word.substring(0, eq), Long.parseLong(word.substring(eq + 1)));
                } catch (NumberFormatException e) {
                    // not a counter
                }
            }
        }
        return values;
    }

    /** Sequences acknowledged with SEND_OK. */
    public SequenceRanges acked() {
        return SequenceRanges.of(acked);
    }

    /** Sequences of this run that were received at least once. */
    public SequenceRanges received() {
        return SequenceRanges.of(received);
    }

    /** Sequences of this run delivered more than once. */
    public SequenceRanges duplicates() {
        return SequenceRanges.of(duplicates);
    }

    /**
     * When acknowledgements came, on the producer's clock: milliseconds since the epoch → the (lowest) sequence
     * acknowledged at that millisecond.
     */
    public NavigableMap<Long, Integer> ackTimes() {
        return new TreeMap<>(ackTimes);
    }

    /** Every SEND_NOT_OK and SEND_ERROR line, as printed. */
    public List<String> sendFailures() {
        return List.copyOf(sendFailures);
    }

    /** The PRODUCED summary's counters (acked, notOk, errors, attempted, seconds); empty if it never finished. */
    public Map<String, Long> produced() {
        return Map.copyOf(produced);
    }

    /** The CONSUMED summary's counters (distinct, deliveries, expected, missing, seconds); empty if unfinished. */
    public Map<String, Long> consumed() {
        return Map.copyOf(consumed);
    }

    /** What the consumer itself reported missing, as ranges; empty when nothing was. */
    public SequenceRanges reportedMissing() {
        return SequenceRanges.parse(missing);
    }
}
