package io.cometmq.broker.pop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CheckPointBookTest {

    private static CheckPoint ck(long popTime, List<Long> offsets) {
        return new CheckPoint("G", "T", 1, offsets.get(0), popTime, 1_000, offsets, offsets.get(offsets.size() - 1) + 1,
                "b");
    }

    private static AckRecord ack(long popTime, Long... offsets) {
        return new AckRecord("G", "T", 1, popTime, List.of(offsets), false);
    }

    @Test
    void aCheckPointAckedInFullIsForgottenAndNeverDue() {
        CheckPointBook book = new CheckPointBook();
        book.addCheckPoint(5, ck(100, List.of(10L, 11L)));
        book.addAck(ack(100, 10L));
        book.addAck(ack(100, 11L));
        assertThat(book.size()).isZero();
        assertThat(book.due(Long.MAX_VALUE, 0)).isEmpty();
        assertThat(book.resumeOffset(9)).isEqualTo(9);
    }

    @Test
    void aPartlyAckedCheckPointIsDueAfterItsInvisibleTimeWithTheUnackedOffsets() {
        CheckPointBook book = new CheckPointBook();
        book.addCheckPoint(5, ck(100, List.of(10L, 12L, 13L)));
        book.addAck(ack(100, 12L));
        assertThat(book.due(100 + 1_000 + 999, 1_000)).isEmpty();
        List<CheckPointBook.Pending> due = book.due(100 + 1_000 + 1_000, 1_000);
        assertThat(due).singleElement().satisfies(p -> assertThat(p.unacked()).containsExactly(10L, 13L));
        assertThat(book.resumeOffset(20)).isEqualTo(5);
        book.done(due.get(0));
        assertThat(book.size()).isZero();
        assertThat(book.resumeOffset(20)).isEqualTo(20);
    }

    @Test
    void acksPairByGroupTopicQueuePopTimeAndOffsetNotByStartOffset() {
        CheckPointBook book = new CheckPointBook();
        book.addCheckPoint(1, ck(100, List.of(10L, 11L)));
        book.addCheckPoint(2, ck(100, List.of(12L))); // a second pop in the same millisecond
        book.addCheckPoint(3, ck(200, List.of(10L))); // a change of invisible time of offset 10
        book.addAck(ack(100, 12L));
        book.addAck(ack(200, 10L));
        book.addAck(new AckRecord("other", "T", 1, 100, List.of(10L), false));
        assertThat(book.size()).isEqualTo(1);
        assertThat(book.due(Long.MAX_VALUE, 0)).singleElement()
                .satisfies(p -> assertThat(p.unacked()).containsExactly(10L, 11L));
    }

    @Test
    void anAckForAnUnknownCheckPointChangesNothing() {
        CheckPointBook book = new CheckPointBook();
        book.addAck(ack(100, 10L));
        book.addCheckPoint(7, ck(100, List.of(10L)));
        assertThat(book.size()).isEqualTo(1);
        assertThat(book.resumeOffset(8)).isEqualTo(7);
    }
}
