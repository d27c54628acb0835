package io.cometmq.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cometmq.broker.store.MutableClock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RoleStateTest {

    private final MutableClock clock = new MutableClock(5_000_000);

    @Test
    void demotionRecordsTheSlaveIdAndTheHigherEpochAndStopsWrites() {
        RoleState role = new RoleState(BrokerRole.SYNC_MASTER, 0, 2, new MasterLease(clock, 10_000));
        role.lease().confirm(clock.millis());
        assertThat(role.writable()).isTrue();

        role.becomeSlave(5, 3);

        assertThat(role.role()).isEqualTo(BrokerRole.SLAVE);
        assertThat(role.brokerId()).isEqualTo(5);
        assertThat(role.controllerEpoch()).isEqualTo(3);
        assertThat(role.writeRefusal("10.0.0.1:10911")).contains("no longer a master");
        assertThat(role.appendAsMaster("x", () -> "appended", why -> "refused")).isEqualTo("refused");
    }

    @Test
    void aLowerEpochNeverLowersTheKnownOne() {
        RoleState role = new RoleState(BrokerRole.SLAVE, 1, 4, new MasterLease(clock, 10_000));
        role.noteEpoch(2);
        role.becomeSlave(1, 3);
        assertThat(role.controllerEpoch()).isEqualTo(4);
    }

    @Test
    void promotionUnderAnEpochStartsWithAnUnconfirmedLease() {
        RoleState role = new RoleState(BrokerRole.SLAVE, 1, 1, new MasterLease(clock, 10_000));
        role.lease().confirm(clock.millis());

        role.becomeMaster(BrokerRole.ASYNC_MASTER, 2);

        assertThat(role.brokerId()).isZero();
        assertThat(role.controllerEpoch()).isEqualTo(2);
        assertThat(role.writeRefusal("10.0.0.2:10911")).isEqualTo("broker 10.0.0.2:10911 is master under "
                + "controller epoch 2 but no NameServer confirmed it yet (masterLeaseMillis 10000); it takes no writes "
                + "until one does");
        role.lease().confirm(clock.millis());
        clock.advance(Duration.ofMillis(10_001));
        assertThat(role.writeRefusal("a")).contains("no NameServer confirmed it for 10001 ms");
    }

    @Test
    void slaveIdMustBePositive() {
        RoleState role = new RoleState(BrokerRole.ASYNC_MASTER, 0);
        assertThatThrownBy(() -> role.becomeSlave(0, 1)).hasMessageContaining("1 or more");
    }

    @Test
    void demotionWaitsForAnAppendInFlight() throws Exception {
        RoleState role = new RoleState(BrokerRole.ASYNC_MASTER, 0);
        CountDownLatch appending = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> append = CompletableFuture.supplyAsync(() -> role.appendAsMaster("a", () -> {
            appending.countDown();
            await(release);
            return "appended";
        }, why -> why));
        assertThat(appending.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> demotion = CompletableFuture.runAsync(() -> role.becomeSlave(1, 1));

        assertThat(demotion).as("demotion waits for the append").isNotDone();
        release.countDown();
        demotion.get(5, TimeUnit.SECONDS);
        assertThat(append.get(5, TimeUnit.SECONDS)).isEqualTo("appended");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
