package io.cometmq.namesrv.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.cometmq.protocol.body.DataVersion;
import io.cometmq.protocol.body.TopicConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The master slot of managed broker groups: the highest controller epoch wins and outlives its master. */
class RouteTableEpochTest {

    private static final String OLD = "10.0.0.1:10911";
    private static final String NEW = "10.0.0.2:10911";

    private final RouteTableTest.MutableClock clock = new RouteTableTest.MutableClock();
    private final RouteTable routes = new RouteTable(clock, 120_000);
    private final Object channelA = new Object();
    private final Object channelB = new Object();

    @Test
    void withoutTheEpochFieldTheLastMasterRegistrationWinsAsBefore() {
        routes.register(broker(OLD, 0, null), channelA);
        RegistrationResult result = routes.register(broker(NEW, 0, null), channelB);

        assertThat(result).isEqualTo(new RegistrationResult(null, null, null, false));
        assertThat(masterSlot()).isEqualTo(NEW);
        assertThat(routes.highestMasterEpoch("broker-a")).isNull();
    }

    @Test
    void unmanagedRegistrationAfterAManagedOneIsNotRefusedNorToldTheEpoch() {
        routes.register(broker(NEW, 0, 3), channelB);
        RegistrationResult result = routes.register(broker(OLD, 0, null), channelA);
        assertThat(result.masterRefused()).isFalse();
        assertThat(result.masterEpoch()).isNull();
        assertThat(masterSlot()).isEqualTo(OLD);
    }

    @Test
    void equalOrHigherEpochTakesTheSlotAndRaisesTheHighest() {
        RegistrationResult first = routes.register(broker(OLD, 0, 1), channelA);
        assertThat(first).isEqualTo(new RegistrationResult(null, null, 1, false));

        assertThat(routes.register(broker(OLD, 0, 1), channelA).masterRefused()).as("same epoch again").isFalse();
        RegistrationResult higher = routes.register(broker(NEW, 0, 2), channelB);

        assertThat(higher).isEqualTo(new RegistrationResult(null, null, 2, false));
        assertThat(masterSlot()).isEqualTo(NEW);
        assertThat(routes.highestMasterEpoch("broker-a")).isEqualTo(2);
    }

    @Test
    void lowerEpochIsRefusedTheSlotAndToldTheLiveMaster() {
        routes.register(broker(NEW, 0, 2), channelB);

        RegistrationResult refused = routes.register(broker(OLD, 0, 1), channelA);

        assertThat(refused).isEqualTo(new RegistrationResult(NEW, "10.0.0.2:10912", 2, true));
        assertThat(masterSlot()).isEqualTo(NEW);
        assertThat(routes.clusterInfo().brokerAddrTable().get("broker-a").brokerAddrs()).doesNotContainValue(OLD);
        assertThat(routes.liveBrokerCount()).isEqualTo(1);
    }

    @Test
    void refusalOutlivesTheHigherMastersExpiry() {
        routes.register(broker(NEW, 0, 2), channelB);
        clock.advance(Duration.ofSeconds(121));
        assertThat(routes.expireSilentBrokers()).containsExactly(NEW);

        RegistrationResult refused = routes.register(broker(OLD, 0, 1), channelA);

        assertThat(refused).isEqualTo(new RegistrationResult(null, null, 2, true));
        assertThat(routes.clusterInfo().brokerAddrTable()).doesNotContainKey("broker-a");
        assertThat(routes.route("T")).isNull();
    }

    @Test
    void refusalOutlivesUnregistrationToo() {
        routes.register(broker(NEW, 0, 2), channelB);
        routes.unregister("broker-a", NEW, 0);
        assertThat(routes.register(broker(OLD, 0, 1), channelA).masterRefused()).isTrue();
    }

    @Test
    void deposedMasterRegisteringAsSlaveIsAcceptedAndToldTheMasterAndEpoch() {
        routes.register(broker(NEW, 0, 2), channelB);
        RegistrationResult slave = routes.register(broker(OLD, 5, 2), channelA);
        assertThat(slave).isEqualTo(new RegistrationResult(NEW, "10.0.0.2:10912", 2, false));
        assertThat(routes.clusterInfo().brokerAddrTable().get("broker-a").brokerAddrs())
                .containsExactlyInAnyOrderEntriesOf(Map.of(0L, NEW, 5L, OLD));
    }

    @Test
    void slaveWithAnyEpochIsNeverRefused() {
        routes.register(broker(NEW, 0, 4), channelB);
        assertThat(routes.register(broker(OLD, 1, 1), channelA).masterRefused()).isFalse();
    }

    @Test
    void heartbeatOfTheMasterRefreshesItAndAnswersTheEpoch() {
        routes.register(broker(NEW, 0, 2), channelB);
        clock.advance(Duration.ofSeconds(100));

        assertThat(routes.heartbeat("broker-a", NEW, 0, 2)).isEqualTo(new RegistrationResult(null, null, 2, false));
        clock.advance(Duration.ofSeconds(100));
        assertThat(routes.expireSilentBrokers()).as("the heartbeat refreshed liveness").isEmpty();
    }

    @Test
    void heartbeatWithALowerEpochIsRefusedLikeARegistration() {
        routes.register(broker(OLD, 0, 1), channelA);
        routes.register(broker(NEW, 0, 2), channelB);

        assertThat(routes.heartbeat("broker-a", OLD, 0, 1))
                .isEqualTo(new RegistrationResult(NEW, "10.0.0.2:10912", 2, true));
    }

    @Test
    void heartbeatOfAnUnknownBrokerOrOfAMasterListedElsewhereAsksForARegistration() {
        assertThat(routes.heartbeat("broker-a", OLD, 0, 1)).isNull();
        routes.register(broker(OLD, 5, 1), channelA);
        assertThat(routes.heartbeat("broker-a", OLD, 0, 1)).as("claims master, listed as 5").isNull();
        assertThat(routes.heartbeat("broker-a", OLD, 5, 1)).isEqualTo(new RegistrationResult(null, null, null,
                false));
    }

    @Test
    void heartbeatWithAHigherEpochRaisesTheHighest() {
        routes.register(broker(NEW, 0, 2), channelB);
        routes.heartbeat("broker-a", NEW, 0, 3);
        assertThat(routes.highestMasterEpoch("broker-a")).isEqualTo(3);
    }

    private String masterSlot() {
        return routes.clusterInfo().brokerAddrTable().get("broker-a").brokerAddrs().get(0L);
    }

    private static BrokerRegistration broker(String addr, long id, Integer epoch) {
        String ha = addr.substring(0, addr.indexOf(':')) + ":10912";
        return new BrokerRegistration("DefaultCluster", "broker-a", addr, id, ha, null, false,
                new DataVersion(0, 1000, 1), Map.of("T", TopicConfig.of("T", 4, 6)), epoch);
    }
}
