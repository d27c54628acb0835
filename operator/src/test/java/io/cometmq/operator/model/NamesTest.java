package io.cometmq.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamesTest {
    private static final Names NAMES = new Names("demo", "ns", "cluster.local");

    @Test
    void nameServerAddressListsEveryNameServerByItsStableDnsName() {
        assertThat(NAMES.nameServerAddresses(2)).containsExactly(
                "demo-nameserver-0.demo-nameserver.ns.svc.cluster.local:9876",
                "demo-nameserver-1.demo-nameserver.ns.svc.cluster.local:9876");
        assertThat(NAMES.nameServerAddress(2)).isEqualTo(
                "demo-nameserver-0.demo-nameserver.ns.svc.cluster.local:9876;"
                        + "demo-nameserver-1.demo-nameserver.ns.svc.cluster.local:9876");
    }

    @Test
    void splittingANameServerAddressGivesBackItsEntries() {
        assertThat(Names.splitNameServerAddress(NAMES.nameServerAddress(3))).isEqualTo(NAMES.nameServerAddresses(3));
        assertThat(Names.splitNameServerAddress(" a:9876; ;b:9876;")).containsExactly("a:9876", "b:9876");
        assertThat(Names.splitNameServerAddress(null)).isEmpty();
    }

    @Test
    void brokerAddressIsTheRemotingPortOfThePodsDnsName() {
        assertThat(NAMES.brokerAddress(1, BrokerRole.SLAVE, 0))
                .isEqualTo("demo-broker-1-slave-0.demo-broker-1-slave.ns.svc.cluster.local:10911");
    }
}
