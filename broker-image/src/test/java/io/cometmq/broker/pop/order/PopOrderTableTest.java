package io.cometmq.broker.pop.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The FIFO pop rules (blocking, acks, change of invisible time, delivery counts) and their persistence. */
class PopOrderTableTest {

    private static final String TOPIC = "fifo-topic";
    private static final String GROUP = "fifo-group";
    private static final long T0 = 1_000_000L;
    private static final long INVISIBLE = 30_000L;

    @TempDir
    Path dir;

    private PopOrderTable table() {
        return new PopOrderTable(dir, Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC));
    }

    @Test
    void aQueueNeverPoppedIsNotBlocked() {
        assertThat(table().blocked(TOPIC, GROUP, 0, null, T0)).isFalse();
    }

    @Test
    void aBatchBlocksItsQueueUntilEveryOffsetIsAcked() {
        PopOrderTable table = table();
        assertThat(table.recordPop(TOPIC, GROUP, 0, "a1", T0, INVISIBLE, List.of(5L, 6L, 7L)))
                .containsExactly(0, 0, 0);
        assertThat(table.blocked(TOPIC, GROUP, 0, "a2", T0 + 1)).isTrue();
        assertThat(table.blocked(TOPIC, GROUP, 1, "a2", T0 + 1)).as("other queue").isFalse();
        assertThat(table.blocked(TOPIC, "other-group", 0, "a2", T0 + 1)).as("other group").isFalse();

        assertThat(table.ack(TOPIC, GROUP, 0, 6L, T0)).as("first unacked stays 5").isEqualTo(5L);
        assertThat(table.ack(TOPIC, GROUP, 0, 5L, T0)).as("then 7").isEqualTo(7L);
        assertThat(table.blocked(TOPIC, GROUP, 0, "a2", T0 + 2)).isTrue();
        assertThat(table.ack(TOPIC, GROUP, 0, 7L, T0)).as("past the batch").isEqualTo(8L);
        assertThat(table.blocked(TOPIC, GROUP, 0, "a2", T0 + 3)).isFalse();
    }

    @Test
    void aBatchStopsBlockingWhenItsInvisibleTimeIsOver() {
        PopOrderTable table = table();
        table.recordPop(TOPIC, GROUP, 0, "a1", T0, INVISIBLE, List.of(5L, 6L));
        assertThat(table.blocked(TOPIC, GROUP, 0, "a2", T0 + INVISIBLE - 1)).isTrue();
        assertThat(table.blocked(TOPIC, GROUP, 0, "a2", T0 + INVISIBLE)).isFalse();
    }

    @Test
    void theSameAttemptIdIsAClientRetryAndIsNotBlocked() {
        PopOrderTable table = table();
        table.recordPop(TOPIC, GROUP, 0, "a1", T0, INVISIBLE, List.of(5L));
        assertThat(table.blocked(TOPIC, GROUP, 0, "a1", T0 + 1)).isFalse();
        assertThat(table.blocked(TOPIC, GROUP, 0, null, T0 + 1)).as("no attempt id").isTrue();
    }

    @Test
    void deliveriesAreCountedPerOffsetAcrossBatchesButNotForARetryOfTheSamePop() {
        PopOrderTable table = table();
        table.recordPop(TOPIC, GROUP, 0, "a1", T0, INVISIBLE, List.of(5L, 6L));
        long second = T0 + INVISIBLE;
        assertThat(table.recordPop(TOPIC, GROUP, 0, "a2", second, INVISIBLE, List.of(5L, 6L, 7L)))
                .containsExactly(1, 1, 0);
        assertThat(table.recordPop(TOPIC, GROUP, 0, "a2", second + 1, INVISIBLE, List.of(5L, 6L, 7L)))
                .as("retry of pop a2").containsExactly(1, 1, 0);
        assertThat(table.ack(TOPIC, GROUP, 0, 5L, second + 1)).isEqualTo(6L);
        assertThat(table.recordPop(TOPIC, GROUP, 0, "a3", second + 1 + INVISIBLE, INVISIBLE, List.of(6L, 7L)))
                .containsExactly(2, 1);
    }

    @Test
    void acksOfAnEarlierBatchOrOfUnknownOffsetsMoveNothing() {
        PopOrderTable table = table();
        assertThat(table.ack(TOPIC, GROUP, 0, 5L, T0)).as("never popped").isEqualTo(-1L);
        table.recordPop(TOPIC, GROUP, 0, "a1", T0, INVISIBLE, List.of(5L, 6L));
        assertThat(table.ack(TOPIC, GROUP, 0, 9L, T0)).as("not in the batch").isEqualTo(-1L);
        table.recordPop(TOPIC, GROUP, 0, "a2", T0 + INVISIBLE, INVISIBLE, List.of(5L, 6L));
        assertThat(table.ack(TOPIC, GROUP, 0, 5L, T0)).as("handle of the earlier batch").isEqualTo(-1L);
        assertThat(table.blocked(TOPIC, GROUP, 0, "a3", T0 + INVISIBLE + 1)).isTrue();
    }

    @Test
    void changeInvisibleMakesOneOffsetVisibleAgainEarlierOrLater() {
        PopOrderTable table = table();
        table.recordPop(TOPIC, GROUP, 0, "a1", T0, INVISIBLE, List.of(5L, 6L));
        table.ack(TOPIC, GROUP, 0, 6L, T0);
        assertThat(table.changeInvisible(TOPIC, GROUP, 0, 5L, T0, T0 + 10)).isTrue();
        assertThat(table.blocked(TOPIC, GROUP, 0, "a2", T0 + 9)).isTrue();
        assertThat(table.blocked(TOPIC, GROUP, 0, "a2", T0 + 10)).isFalse();

        assertThat(table.changeInvisible(TOPIC, GROUP, 0, 5L, T0, T0 + 2 * INVISIBLE)).isTrue();
        assertThat(table.blocked(TOPIC, GROUP, 0, "a2", T0 + INVISIBLE + 1)).as("extended").isTrue();

        assertThat(table.changeInvisible(TOPIC, GROUP, 0, 7L, T0, T0)).as("not in the batch").isFalse();
        assertThat(table.changeInvisible(TOPIC, GROUP, 0, 5L, T0 - 1, T0)).as("other popTime").isFalse();
        assertThat(table.changeInvisible(TOPIC, GROUP, 3, 5L, T0, T0)).as("other queue").isFalse();
    }

    @Test
    void clearForgetsTheGroupsStateForOneTopic() {
        PopOrderTable table = table();
        table.recordPop(TOPIC, GROUP, 0, "a1", T0, INVISIBLE, List.of(5L));
        table.recordPop("other-topic", GROUP, 0, "a1", T0, INVISIBLE, List.of(5L));
        table.clear(TOPIC, GROUP);
        assertThat(table.blocked(TOPIC, GROUP, 0, "a2", T0 + 1)).isFalse();
        assertThat(table.blocked("other-topic", GROUP, 0, "a2", T0 + 1)).isTrue();
        assertThat(table.recordPop(TOPIC, GROUP, 0, "a2", T0 + 1, INVISIBLE, List.of(5L))).containsExactly(0);
    }

    @Test
    void retainIfDropsDeletedTopicsAndGroups() {
        PopOrderTable table = table();
        table.recordPop(TOPIC, GROUP, 0, "a1", T0, INVISIBLE, List.of(5L));
        table.recordPop(TOPIC, "gone", 0, "a1", T0, INVISIBLE, List.of(5L));
        table.retainIf((topic, group) -> !group.equals("gone"));
        assertThat(table.snapshot()).containsOnlyKeys(TOPIC + "@" + GROUP);
    }

    @Test
    void theStateSurvivesARestartThroughConsumerOrderInfoJson() {
        PopOrderTable table = table();
        table.recordPop(TOPIC, GROUP, 2, "a1", T0, INVISIBLE, List.of(5L, 6L, 7L));
        table.recordPop(TOPIC, GROUP, 2, "a2", T0 + INVISIBLE, INVISIBLE, List.of(5L, 6L, 7L));
        table.ack(TOPIC, GROUP, 2, 5L, T0 + INVISIBLE);
        table.changeInvisible(TOPIC, GROUP, 2, 6L, T0 + INVISIBLE, T0 + 3 * INVISIBLE);
        table.persist();
        assertThat(dir.resolve("consumerOrderInfo.json")).exists();

        PopOrderTable restarted = table();
        assertThat(restarted.lastBatch(TOPIC, GROUP, 2)).isEqualTo(table.lastBatch(TOPIC, GROUP, 2));
        assertThat(restarted.blocked(TOPIC, GROUP, 2, "a3", T0 + 2 * INVISIBLE + 1)).as("6 still invisible").isTrue();
        assertThat(restarted.ack(TOPIC, GROUP, 2, 7L, T0 + INVISIBLE)).isEqualTo(6L);
        assertThat(restarted.recordPop(TOPIC, GROUP, 2, "a3", T0 + 4 * INVISIBLE, INVISIBLE, List.of(6L)))
                .containsExactly(2);
    }

    @Test
    void queuesNotPoppedForADayAreForgottenWhenSaved() throws Exception {
        PopOrderTable table = table();
        table.recordPop(TOPIC, GROUP, 0, "old", T0 - PopOrderTable.EXPIRY.toMillis() - 1, INVISIBLE, List.of(1L));
        table.recordPop(TOPIC, GROUP, 1, "new", T0 - 1, INVISIBLE, List.of(1L));
        table.persist();
        assertThat(table().snapshot().get(TOPIC + "@" + GROUP)).containsOnlyKeys(1);
        assertThat(Files.readString(dir.resolve("consumerOrderInfo.json"))).doesNotContain("old");
    }

    @Test
    void aSlaveTakesItsMastersTableAsItIs() {
        PopOrderTable master = table();
        master.recordPop(TOPIC, GROUP, 0, "a1", T0, INVISIBLE, List.of(5L));
        PopOrderTable slave = new PopOrderTable(dir.resolve("slave"), Clock.systemUTC());
        slave.recordPop("stale", GROUP, 0, "a1", T0, INVISIBLE, List.of(5L));
        slave.replaceFrom(master.snapshot());
        assertThat(slave.snapshot()).isEqualTo(master.snapshot());
        assertThat(slave.blocked(TOPIC, GROUP, 0, "a2", T0 + 1)).isTrue();
    }
}
