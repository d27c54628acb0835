package io.cometmq.protocol.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RoleAssignmentTest {

    @Test
    void renderedFileParsesBack() {
        RoleAssignment assignment = new RoleAssignment("dev-broker-0-slave-0", 3, "SYNC_MASTER");
        assertThat(RoleAssignment.parse(assignment.render())).isEqualTo(assignment);
        assertThat(assignment.isMaster("dev-broker-0-slave-0")).isTrue();
        assertThat(assignment.isMaster("dev-broker-0-master-0")).isFalse();
    }

    @Test
    void handOverBumpsTheEpoch() {
        RoleAssignment next = new RoleAssignment("a", 1, "ASYNC_MASTER").handOver("b");
        assertThat(next).isEqualTo(new RoleAssignment("b", 2, "ASYNC_MASTER"));
    }

    @Test
    void badFilesNameTheKey() {
        assertThatThrownBy(() -> RoleAssignment.parse("master=a\nmasterRole=SYNC_MASTER\n"))
                .hasMessageContaining("'epoch' is missing");
        assertThatThrownBy(() -> RoleAssignment.parse("master=a\nepoch=x\nmasterRole=SYNC_MASTER\n"))
                .hasMessageContaining("'epoch' must be a whole number, was 'x'");
        assertThatThrownBy(() -> RoleAssignment.parse("master=a\nepoch=0\nmasterRole=SYNC_MASTER\n"))
                .hasMessageContaining("'epoch' must be 1 or more");
        assertThatThrownBy(() -> RoleAssignment.parse("master=a\nepoch=1\nmasterRole=SLAVE\n"))
                .hasMessageContaining("'masterRole' must be one of [ASYNC_MASTER, SYNC_MASTER], was 'SLAVE'");
        assertThatThrownBy(() -> RoleAssignment.parse("master=a\nepoch=1\nmasterRole=SYNC_MASTER\nmastr=b\n"))
                .hasMessageContaining("unknown keys [mastr]");
    }
}
