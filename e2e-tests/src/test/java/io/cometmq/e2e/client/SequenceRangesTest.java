package io.cometmq.e2e.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

class SequenceRangesTest {

    @Test
    void writesRunsAsRangesAndSinglesAlone() {
        BitSet bits = new BitSet();
        bits.set(0, 100);
        bits.set(101);
        bits.set(103, 251);
        assertThat(SequenceRanges.of(bits)).hasToString("0-99,101,103-250");
        assertThat(SequenceRanges.parse("0-99,101,103-250").toBitSet()).isEqualTo(bits);
        assertThat(SequenceRanges.parse("0-99,101,103-250").size()).isEqualTo(249);
    }

    @Test
    void emptySetIsTheEmptyString() {
        assertThat(SequenceRanges.parse("")).hasToString("");
        assertThat(SequenceRanges.firstN(0).size()).isZero();
    }

    @Test
    void minusKeepsWhatTheOtherLacks() {
        assertThat(SequenceRanges.firstN(10).minus(SequenceRanges.parse("2-4,9"))).hasToString("0-1,5-8");
    }

    @Test
    void badRangesNameTheItem() {
        assertThatThrownBy(() -> SequenceRanges.parse("0-5,x")).hasMessageContaining("'x'");
        assertThatThrownBy(() -> SequenceRanges.parse("7-3")).hasMessageContaining("'7-3'");
    }
}
