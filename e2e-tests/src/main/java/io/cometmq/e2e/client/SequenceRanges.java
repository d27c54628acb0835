package io.cometmq.e2e.client;

import java.util.BitSet;

/**
 * A set of message sequence numbers written compactly as ranges, {@code 0-99,101,103-250}, so that the acknowledged
 * messages of a long run fit in one command-line argument of the consumer Job and a missing list fits in one line.
 */
public final class SequenceRanges {
    private final BitSet bits;

    private SequenceRanges(BitSet bits) {
        this.bits = bits;
    }

    public static SequenceRanges of(BitSet bits) {
        return new SequenceRanges((BitSet) bits.clone());
    }

    /** {@code 0..count-1}. */
    public static SequenceRanges firstN(int count) {
        BitSet bits = new BitSet(count);
        bits.set(0, count);
        return new SequenceRanges(bits);
    }

    /** Parses {@code a-b,c,...}; an empty string is the empty set. */
    public static SequenceRanges parse(String text) {
        BitSet bits = new BitSet();
        if (text == null || text.isBlank()) {
            return new SequenceRanges(bits);
        }
        for (String part : text.split(",")) {
            String item = part.strip();
            int dash = item.indexOf('-');
            try {
                int from = Integer.parseInt(dash < 0 ? item : item.substring(0, dash));
                int to = dash < 0 ? from : Integer.parseInt(item.substring(dash + 1));
                if (from < 0 || to < from) {
                    throw new IllegalArgumentException("bad sequence range '" + item + "' in '" + text
                            + "': expected n or from-to with 0 <= from <= to");
                }
                bits.set(from, to + 1);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad sequence range '" + item + "' in '" + text
                        + "': expected n or from-to", e);
            }
        }
        return new SequenceRanges(bits);
    }

    public boolean contains(int sequence) {
        return sequence >= 0 && bits.get(sequence);
    }

    public int size() {
        return bits.cardinality();
    }

    public BitSet toBitSet() {
        return (BitSet) bits.clone();
    }

    /** The members of this set that {@code other} lacks. */
    public SequenceRanges minus(SequenceRanges other) {
        BitSet result = toBitSet();
        result.andNot(other.bits);
        return new SequenceRanges(result);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (int from = bits.nextSetBit(0); from >= 0; ) {
            int end = bits.nextClearBit(from); // exclusive
            if (text.length() > 0) {
                text.append(',');
            }
            text.append(from);
            if (end - 1 > from) {
                text.append('-').append(end - 1);
            }
            from = bits.nextSetBit(end);
        }
        return text.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SequenceRanges other && bits.equals(other.bits);
    }

    @Override
    public int hashCode() {
        return bits.hashCode();
    }
}
