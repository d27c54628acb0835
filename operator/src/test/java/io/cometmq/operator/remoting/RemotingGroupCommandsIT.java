package io.cometmq.operator.remoting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cometmq.namesrv.RegisteringBroker;
import io.cometmq.operator.failover.FailoverGroup;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The failover controller's NameServer side against two real NameServers in this JVM: which address holds a group's
 * master slot, and taking a deposed master off it everywhere. PROMOTE and DEMOTE go to real brokers in
 * FailoverProcessesIT.
 */
class RemotingGroupCommandsIT {
    private static InProcessNameServer first;
    private static InProcessNameServer second;
    private static RemotingAdmin admin;

    @BeforeAll
    static void start() throws Exception {
        first = new InProcessNameServer();
        second = new InProcessNameServer();
        admin = new RemotingAdmin(Duration.ofSeconds(2));
    }

    @AfterAll
    static void stop() {
        admin.close();
        first.close();
        second.close();
    }

    @Test
    void theMasterSlotIsListedPerGroupAndTheOldMasterIsTakenOffEveryNameServer() throws Exception {
        NameServerRegistrationSource source = new NameServerRegistrationSource(admin);
        FailoverGroup group = new FailoverGroup(0, "fo", "fo-broker-0", List.of(),
                List.of(first.address, second.address));
        try (RegisteringBroker master = new RegisteringBroker("fo", "fo-broker-0", 0, "127.0.0.1:32911", "T");
                RegisteringBroker slave = new RegisteringBroker("fo", "fo-broker-0", 1, "127.0.0.2:32911", "T");
                RegisteringBroker other = new RegisteringBroker("fo", "fo-broker-1", 1, "127.0.0.3:32911", "T")) {
            for (String ns : List.of(first.address, second.address)) {
                master.register(ns);
                slave.register(ns);
                other.register(ns);
            }
            assertThat(source.masterAddresses(first.address)).containsEntry("fo-broker-0", "127.0.0.1:32911")
                    .doesNotContainKey("fo-broker-1");

            new RemotingGroupCommands(admin).unregisterMaster(group, "127.0.0.1:32911");

            for (String ns : List.of(first.address, second.address)) {
                assertThat(source.masterAddresses(ns)).doesNotContainKey("fo-broker-0");
                assertThat(source.registeredBrokers(ns)).contains("fo-broker-0/1").doesNotContain("fo-broker-0/0");
            }
        }
    }

    @Test
    void aNameServerThatCannotBeReachedIsNamedInTheFailure() throws Exception {
        String closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = "127.0.0.1:" + socket.getLocalPort();
        }
        FailoverGroup group = new FailoverGroup(0, "fo", "fo-broker-9", List.of(), List.of(first.address, closed));
        assertThatThrownBy(() -> new RemotingGroupCommands(admin).unregisterMaster(group, "127.0.0.9:32911"))
                .hasMessageContaining("could not unregister 127.0.0.9:32911 as master of fo-broker-9")
                .hasMessageContaining(closed);
    }

    @Test
    void aBrokerWithoutThePromotionRequestsRefusesSayingSo() throws Exception {
        try (FakeBroker broker = new FakeBroker()) {
            assertThatThrownBy(() -> new RemotingGroupCommands(admin).promote(broker.address, "SYNC_MASTER", 2, 100))
                    .hasMessageContaining("refused PROMOTE_SLAVE_TO_MASTER");
            assertThatThrownBy(() -> new RemotingGroupCommands(admin).demote(broker.address, 2))
                    .hasMessageContaining("refused DEMOTE_MASTER_TO_SLAVE");
        }
    }
}
