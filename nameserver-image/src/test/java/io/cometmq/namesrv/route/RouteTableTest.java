package io.cometmq.namesrv.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.cometmq.protocol.body.DataVersion;
import io.cometmq.protocol.body.TopicConfig;
import io.cometmq.protocol.body.TopicRouteData;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTableTest {

    private final MutableClock clock = new MutableClock();
    private final RouteTable routes = new RouteTable(clock, 120_000);
    private final Object channelA = new Object();
    private final Object channelB = new Object();

    @Test
    void slaveLearnsItsMastersAddressesOnlyWhileTheMasterIsRegistered() {
        RegistrationResult lonelySlave = routes.register(broker("broker-a", 1, "10.0.0.2:10911", 1, "T"), channelB);
        assertThat(lonelySlave.masterAddr()).isNull();

        routes.register(broker("broker-a", 0, "10.0.0.1:10911", 1, "T"), channelA);
        RegistrationResult slave = routes.register(broker("broker-a", 1, "10.0.0.2:10911", 1, "T"), channelB);

        assertThat(slave.masterAddr()).isEqualTo("10.0.0.1:10911");
        assertThat(slave.masterHaServerAddr()).isEqualTo("10.0.0.1:10912");
    }

    @Test
    void routeListsEveryGroupServingTheTopicWithAllItsAddresses() {
        routes.register(broker("broker-b", 0, "10.0.0.3:10911", 1, "T", "U"), channelA);
        routes.register(broker("broker-a", 0, "10.0.0.1:10911", 1, "T"), channelA);
        routes.register(broker("broker-a", 1, "10.0.0.2:10911", 1, "T"), channelB);

        TopicRouteData route = routes.route("T");

        assertThat(route.queueDatas()).extracting("brokerName").containsExactly("broker-a", "broker-b");
        assertThat(route.brokerDatas()).hasSize(2);
        assertThat(route.brokerDatas().get(0).brokerAddrs())
                .containsExactlyInAnyOrderEntriesOf(Map.of(0L, "10.0.0.1:10911", 1L, "10.0.0.2:10911"));
        assertThat(routes.route("U").brokerDatas()).extracting("brokerName").containsExactly("broker-b");
        assertThat(routes.route("missing")).isNull();
    }

    @Test
    void queueCountsChangeOnlyWhenTheDataVersionChanges() {
        routes.register(broker("broker-a", 0, "10.0.0.1:10911", 1, Map.of("T", TopicConfig.of("T", 4, 6))), channelA);
        routes.register(broker("broker-a", 0, "10.0.0.1:10911", 1, Map.of("T", TopicConfig.of("T", 8, 6))), channelA);
        assertThat(routes.route("T").queueDatas().get(0).writeQueueNums()).isEqualTo(4);

        routes.register(broker("broker-a", 0, "10.0.0.1:10911", 2, Map.of("T", TopicConfig.of("T", 8, 6))), channelA);
        assertThat(routes.route("T").queueDatas().get(0).writeQueueNums()).isEqualTo(8);
    }

    @Test
    void silentBrokerIsDroppedAfterItsTimeoutAndALiveOneIsKept() {
        routes.register(broker("broker-a", 0, "10.0.0.1:10911", 1, "T"), channelA);
        routes.register(broker("broker-b", 0, "10.0.0.3:10911", 1, "T"), channelB);

        clock.advance(Duration.ofSeconds(100));
        routes.register(broker("broker-b", 0, "10.0.0.3:10911", 1, "T"), channelB); // periodic re-registration
        clock.advance(Duration.ofSeconds(30));

        assertThat(routes.expireSilentBrokers()).containsExactly("10.0.0.1:10911");
        assertThat(routes.clusterInfo().brokerAddrTable()).containsOnlyKeys("broker-b");
        assertThat(routes.route("T").queueDatas()).extracting("brokerName").containsExactly("broker-b");
    }

    @Test
    void closedConnectionDropsItsBrokersAtOnce() {
        routes.register(broker("broker-a", 0, "10.0.0.1:10911", 1, "T"), channelA);
        routes.register(broker("broker-b", 0, "10.0.0.3:10911", 1, "OnlyB"), channelB);

        assertThat(routes.connectionClosed(channelB)).containsExactly("10.0.0.3:10911");

        assertThat(routes.route("OnlyB")).as("topic left without queues disappears").isNull();
        assertThat(routes.allTopics()).containsExactly("T");
        assertThat(routes.clusterInfo().clusterAddrTable().get("DefaultCluster")).containsExactly("broker-a");
    }

    @Test
    void slaveKeepsServingTheRouteWhenItsMasterIsGone() {
        routes.register(broker("broker-a", 0, "10.0.0.1:10911", 1, "T"), channelA);
        routes.register(broker("broker-a", 1, "10.0.0.2:10911", 1, "T"), channelB);

        routes.unregister("broker-a", "10.0.0.1:10911", 0);

        TopicRouteData route = routes.route("T");
        assertThat(route.brokerDatas().get(0).brokerAddrs()).containsOnlyKeys(1L);
        assertThat(route.queueDatas()).hasSize(1);
    }

    @Test
    void promotedSlaveMovesToIdZero() {
        routes.register(broker("broker-a", 1, "10.0.0.2:10911", 1, "T"), channelB);
        routes.register(broker("broker-a", 0, "10.0.0.2:10911", 2, "T"), channelB);
        assertThat(routes.clusterInfo().brokerAddrTable().get("broker-a").brokerAddrs())
                .containsExactlyEntriesOf(Map.of(0L, "10.0.0.2:10911"));
    }

    @Test
    void brokerAskingForALongerTimeoutGetsIt() {
        BrokerRegistration patient = new BrokerRegistration("DefaultCluster", "broker-a", "10.0.0.1:10911", 0,
                "10.0.0.1:10912", 300_000L, false, new DataVersion(0, 0, 1), Map.of());
        routes.register(patient, channelA);
        clock.advance(Duration.ofSeconds(200));
        assertThat(routes.expireSilentBrokers()).isEmpty();
        clock.advance(Duration.ofSeconds(101));
        assertThat(routes.expireSilentBrokers()).containsExactly("10.0.0.1:10911");
    }

    @Test
    void wipingWritePermissionKeepsReadAndIsReversible() {
        routes.register(broker("broker-a", 0, "10.0.0.1:10911", 1, "T", "U"), channelA);
        assertThat(routes.setWritePermission("broker-a", false)).isEqualTo(2);
        assertThat(routes.route("T").queueDatas().get(0).perm()).isEqualTo(TopicConfig.PERM_READ);
        routes.setWritePermission("broker-a", true);
        assertThat(routes.route("T").queueDatas().get(0).perm()).isEqualTo(6);
    }

    private static BrokerRegistration broker(String name, long id, String addr, long version, String... topics) {
        Map<String, TopicConfig> table = new java.util.TreeMap<>();
        for (String topic : topics) {
            table.put(topic, TopicConfig.of(topic, 4, 6));
        }
        return broker(name, id, addr, version, table);
    }

    private static BrokerRegistration broker(String name, long id, String addr, long version,
            Map<String, TopicConfig> topics) {
        String ha = addr.substring(0, addr.indexOf(':')) + ":10912";
        return new BrokerRegistration("DefaultCluster", name, addr, id, ha, null, false,
                new DataVersion(0, 1000, version), topics);
    }

    /** A clock tests move by hand, so expiry is checked without waiting. */
    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-25T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
