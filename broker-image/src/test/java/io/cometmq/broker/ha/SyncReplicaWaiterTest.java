package io.cometmq.broker.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SyncReplicaWaiterTest {

    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private final SyncReplicaWaiter waiter = new SyncReplicaWaiter(timer);

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    void aSendIsConfirmedOnceASlaveAcknowledgedItsEnd() {
        CompletableFuture<Boolean> first = waiter.await(100, 60_000);
        CompletableFuture<Boolean> second = waiter.await(200, 60_000);

        waiter.acknowledged(150);
        assertThat(first).isCompletedWithValue(true);
        assertThat(second).isNotDone();
        waiter.acknowledged(200);
        assertThat(second).isCompletedWithValue(true);
        assertThat(waiter.await(180, 60_000)).as("already acknowledged").isCompletedWithValue(true);
    }

    @Test
    void anUnacknowledgedSendTimesOutAndALateAckDoesNotChangeIt() {
        CompletableFuture<Boolean> send = waiter.await(100, 200);

        await().atMost(Duration.ofSeconds(5)).until(send::isDone);
        assertThat(send).isCompletedWithValue(false);
        waiter.acknowledged(100);
        assertThat(send).isCompletedWithValue(false);
    }

    @Test
    void onlyTheSendsStillOpenTimeOutAndOneSweepServesThemAll() {
        List<CompletableFuture<Boolean>> acked = new ArrayList<>();
        for (int i = 1; i <= 1_000; i++) {
            acked.add(waiter.await(i, 300));
        }
        CompletableFuture<Boolean> open = waiter.await(5_000, 300);
        waiter.acknowledged(1_000);
        assertThat(acked).allSatisfy(send -> assertThat(send).isCompletedWithValue(true));
        assertThat(timer.getQueue()).as("one pending sweep, not a task per send").hasSize(1);

        await().atMost(Duration.ofSeconds(5)).until(open::isDone);
        assertThat(open).isCompletedWithValue(false);
        await().atMost(Duration.ofSeconds(5)).until(() -> timer.getQueue().isEmpty());
    }

    @Test
    void aLaterSendWithAShorterTimeoutStillTimesOutOnTime() {
        CompletableFuture<Boolean> patient = waiter.await(100, 60_000);
        CompletableFuture<Boolean> hasty = waiter.await(200, 200);

        await().atMost(Duration.ofSeconds(5)).until(hasty::isDone);
        assertThat(hasty).isCompletedWithValue(false);
        assertThat(patient).isNotDone();
        waiter.acknowledged(100);
        assertThat(patient).isCompletedWithValue(true);
    }

    @Test
    void failAllFailsEveryOpenSend() {
        CompletableFuture<Boolean> one = waiter.await(100, 60_000);
        CompletableFuture<Boolean> two = waiter.await(200, 60_000);

        waiter.failAll();
        assertThat(one).isCompletedWithValue(false);
        assertThat(two).isCompletedWithValue(false);
        assertThat(waiter.await(300, 200)).isNotDone(); // a new send after the failure waits as usual
    }
}
