package io.cometmq.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cometmq.broker.store.MutableClock;
import io.cometmq.protocol.config.ConfigException;
import io.cometmq.protocol.config.RoleAssignment;
import io.cometmq.protocol.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagedRoleTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(1_000_000);

    @Test
    void theMemberTheRoleFileNamesStartsAsMasterWithIdZeroAndTheFilesEpoch() throws Exception {
        Path file = roleFile(new RoleAssignment("dev-broker-0-slave-0", 3, "SYNC_MASTER"));
        RoleState role = ManagedRole.initialState(config(file, "dev-broker-0-slave-0", "1"), clock);

        assertThat(role.role()).isEqualTo(BrokerRole.SYNC_MASTER);
        assertThat(role.brokerId()).isZero();
        assertThat(role.controllerEpoch()).isEqualTo(3);
        assertThat(role.managed()).isTrue();
        assertThat(role.writable()).as("lease not confirmed yet").isFalse();
    }

    @Test
    void anyOtherMemberStartsAsSlaveWithItsBrokerIdKeyAndKnowsTheEpoch() throws Exception {
        Path file = roleFile(new RoleAssignment("dev-broker-0-slave-0", 2, "ASYNC_MASTER"));
        RoleState role = ManagedRole.initialState(config(file, "dev-broker-0-master-0", "5"), clock);

        assertThat(role.role()).isEqualTo(BrokerRole.SLAVE);
        assertThat(role.brokerId()).isEqualTo(5);
        assertThat(role.controllerEpoch()).isEqualTo(2);
    }

    @Test
    void brokerRoleInTheConfigurationIsIgnoredInManagedMode() throws Exception {
        Path file = roleFile(new RoleAssignment("other", 1, "ASYNC_MASTER"));
        Map<String, String> settings = settings(file, "me", "2");
        settings.put("brokerRole", "SYNC_MASTER");
        RoleState role = ManagedRole.initialState(BrokerConfig.from(Settings.fromMap(settings, "test")), clock);
        assertThat(role.role()).isEqualTo(BrokerRole.SLAVE);
    }

    @Test
    void withoutRoleFileTheConfiguredRoleDecidesAndThereIsNoLease() {
        RoleState role = ManagedRole.initialState(BrokerConfig.defaults(), clock);
        assertThat(role.role()).isEqualTo(BrokerRole.ASYNC_MASTER);
        assertThat(role.managed()).isFalse();
        assertThat(role.controllerEpoch()).isZero();
        assertThat(role.writable()).isTrue();
    }

    @Test
    void missingMemberNameIsAConfigErrorNamingTheKey() throws Exception {
        Path file = roleFile(new RoleAssignment("a", 1, "ASYNC_MASTER"));
        assertThatThrownBy(() -> config(file, "", "1"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("key 'memberName'");
    }

    @Test
    void brokerIdZeroIsRefusedInManagedMode() throws Exception {
        Path file = roleFile(new RoleAssignment("a", 1, "ASYNC_MASTER"));
        assertThatThrownBy(() -> config(file, "a", "0"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("key 'brokerId' must be 1 or more");
    }

    @Test
    void missingOrBadRoleFileIsAnErrorNamingTheFile() throws Exception {
        Path missing = dir.resolve("absent.properties");
        assertThatThrownBy(() -> ManagedRole.initialState(config(missing, "a", "1"), clock))
                .isInstanceOf(ConfigException.class).hasMessageContaining(missing.toString());
        Path bad = Files.writeString(dir.resolve("bad.properties"), "master=a\nepoch=x\nmasterRole=SYNC_MASTER\n");
        assertThatThrownBy(() -> ManagedRole.initialState(config(bad, "a", "1"), clock))
                .isInstanceOf(ConfigException.class).hasMessageContaining(bad.toString())
                .hasMessageContaining("key 'epoch'");
    }

    @Test
    void leaseIsPassedFromTheConfiguration() throws Exception {
        Path file = roleFile(new RoleAssignment("a", 1, "ASYNC_MASTER"));
        Map<String, String> settings = settings(file, "a", "1");
        settings.put("masterLeaseMillis", "4000");
        RoleState role = ManagedRole.initialState(BrokerConfig.from(Settings.fromMap(settings, "test")), clock);
        role.lease().confirm(clock.millis());
        clock.advance(Duration.ofMillis(3_999));
        assertThat(role.writable()).isTrue();
        clock.advance(Duration.ofMillis(1));
        assertThat(role.writable()).isFalse();
    }

    private Path roleFile(RoleAssignment assignment) throws Exception {
        return Files.writeString(dir.resolve("role.properties"), assignment.render());
    }

    private BrokerConfig config(Path roleFile, String member, String brokerId) {
        return BrokerConfig.from(Settings.fromMap(settings(roleFile, member, brokerId), "test"));
    }

    private Map<String, String> settings(Path roleFile, String member, String brokerId) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("roleFile", roleFile.toString());
        settings.put("memberName", member);
        settings.put("brokerId", brokerId);
        settings.put("storePathRootDir", dir.resolve("store").toString());
        return settings;
    }
}
