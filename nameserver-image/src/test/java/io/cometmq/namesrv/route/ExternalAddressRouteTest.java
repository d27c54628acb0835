package io.cometmq.namesrv.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.cometmq.protocol.body.BrokerData;
import io.cometmq.protocol.body.ClusterInfo;
import io.cometmq.protocol.body.DataVersion;
import io.cometmq.protocol.body.TopicConfig;
import io.cometmq.protocol.body.TopicRouteData;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Route and cluster answers for the external listener: external addresses only, never a half route. */
class ExternalAddressRouteTest {

    private final RouteTable routes = new RouteTable(new RouteTableTest.MutableClock(), 120_000);
    private final Object channel = new Object();

    @Test
    void externalRouteCarriesExternalAddressesAndLeavesOutGroupsWithoutOne() {
        routes.register(broker("broker-a", 0, "10.0.0.1:10911", "203.0.113.1:30001", "T"), channel);
        routes.register(broker("broker-a", 1, "10.0.0.2:10911", "203.0.113.2:30002", "T"), channel);
        routes.register(broker("broker-b", 0, "10.0.0.3:10911", null, "T", "U"), channel);

        TopicRouteData internal = routes.route("T", AddressSet.INTERNAL);
        assertThat(internal.queueDatas()).extracting("brokerName").containsExactly("broker-a", "broker-b");
        assertThat(internal.brokerDatas()).extracting(BrokerData::brokerAddrs).containsExactly(
                Map.of(0L, "10.0.0.1:10911", 1L, "10.0.0.2:10911"), Map.of(0L, "10.0.0.3:10911"));
        assertThat(routes.route("T")).isEqualTo(internal);

        TopicRouteData external = routes.route("T", AddressSet.EXTERNAL);
        assertThat(external.queueDatas()).extracting("brokerName").containsExactly("broker-a");
        assertThat(external.brokerDatas()).singleElement().satisfies(data -> {
            assertThat(data.brokerName()).isEqualTo("broker-a");
            assertThat(data.cluster()).isEqualTo("DefaultCluster");
            assertThat(data.brokerAddrs()).isEqualTo(Map.of(0L, "203.0.113.1:30001", 1L, "203.0.113.2:30002"));
        });
        assertThat(routes.route("U", AddressSet.EXTERNAL)).as("only an internal-only group serves U").isNull();
        assertThat(routes.route("U", AddressSet.INTERNAL)).isNotNull();
    }

    @Test
    void aSlaveWithoutExternalAddressIsLeftOutOfItsGroup() {
        routes.register(broker("broker-a", 0, "10.0.0.1:10911", "203.0.113.1:30001", "T"), channel);
        routes.register(broker("broker-a", 1, "10.0.0.2:10911", null, "T"), channel);

        assertThat(routes.route("T", AddressSet.EXTERNAL).brokerDatas().get(0).brokerAddrs())
                .isEqualTo(Map.of(0L, "203.0.113.1:30001"));
        assertThat(routes.clusterInfo(AddressSet.EXTERNAL).brokerAddrTable().get("broker-a").brokerAddrs())
                .isEqualTo(Map.of(0L, "203.0.113.1:30001"));
    }

    @Test
    void clusterInfoAndSystemTopicsFollowTheAddressSet() {
        routes.register(broker("broker-a", 0, "10.0.0.1:10911", "203.0.113.1:30001", "T"), channel);
        routes.register(broker("broker-b", 0, "10.0.0.3:10911", null, "T"), channel);

        ClusterInfo internal = routes.clusterInfo(AddressSet.INTERNAL);
        assertThat(internal.brokerAddrTable()).containsOnlyKeys("broker-a", "broker-b");
        assertThat(internal.clusterAddrTable().get("DefaultCluster")).containsExactly("broker-a", "broker-b");

        ClusterInfo external = routes.clusterInfo(AddressSet.EXTERNAL);
        assertThat(external.brokerAddrTable()).containsOnlyKeys("broker-a");
        assertThat(external.brokerAddrTable().get("broker-a").masterAddr()).isEqualTo("203.0.113.1:30001");
        assertThat(external.clusterAddrTable()).isEqualTo(Map.of("DefaultCluster", java.util.Set.of("broker-a")));

        assertThat(routes.systemTopics(AddressSet.EXTERNAL).getValue()).isEqualTo("203.0.113.1:30001");
        assertThat(routes.systemTopics(AddressSet.INTERNAL).getValue()).isEqualTo("10.0.0.1:10911");
    }

    @Test
    void theLatestRegistrationDecidesTheExternalAddress() {
        routes.register(broker("broker-a", 0, "10.0.0.1:10911", "203.0.113.1:30001", "T"), channel);
        routes.register(broker("broker-a", 0, "10.0.0.1:10911", "203.0.113.9:30009", "T"), channel);
        assertThat(routes.route("T", AddressSet.EXTERNAL).brokerDatas().get(0).masterAddr())
                .isEqualTo("203.0.113.9:30009");
        assertThat(routes.externalAddrOf("10.0.0.1:10911")).isEqualTo("203.0.113.9:30009");
        assertThat(routes.touch("10.0.0.1:10911")).isTrue();
        assertThat(routes.externalAddrOf("10.0.0.1:10911")).as("kept by a heartbeat").isEqualTo("203.0.113.9:30009");

        routes.register(broker("broker-a", 0, "10.0.0.1:10911", null, "T"), channel);
        assertThat(routes.route("T", AddressSet.EXTERNAL)).as("the address was withdrawn").isNull();
        assertThat(routes.clusterInfo(AddressSet.EXTERNAL).clusterAddrTable()).isEmpty();
    }

    private static BrokerRegistration broker(String name, long id, String addr, String externalAddr,
            String... topics) {
        Map<String, TopicConfig> table = new java.util.TreeMap<>();
        for (String topic : topics) {
            table.put(topic, TopicConfig.of(topic, 4, 6));
        }
        String ha = addr.substring(0, addr.indexOf(':')) + ":10912";
        return new BrokerRegistration("DefaultCluster", name, addr, id, ha, null, false,
                new DataVersion(0, 1000, 1), table, null, externalAddr);
    }
}
