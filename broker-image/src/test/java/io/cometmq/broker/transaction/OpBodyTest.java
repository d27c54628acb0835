package io.cometmq.broker.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OpBodyTest {

    @Test
    void encodesOneOffsetWithItsTerminator() {
        assertThat(OpBody.encode(17)).isEqualTo("17,");
        assertThat(OpBody.parse(OpBody.encode(17))).containsExactly(17L);
    }

    @Test
    void parsesBatchedBodiesAsRocketMqWritesThem() {
        assertThat(OpBody.parse("3,4,10,")).containsExactly(3L, 4L, 10L);
        assertThat(OpBody.parse("3,4")).containsExactly(3L, 4L);
    }

    @Test
    void skipsBlanksGarbageAndNegativeValues() {
        assertThat(OpBody.parse("")).isEmpty();
        assertThat(OpBody.parse(null)).isEmpty();
        assertThat(OpBody.parse(" 5 ,,x,-1,6,")).containsExactly(5L, 6L);
    }
}
