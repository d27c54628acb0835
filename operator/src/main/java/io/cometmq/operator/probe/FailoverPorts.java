package io.cometmq.operator.probe;

import io.cometmq.operator.failover.GroupCommands;

/**
 * What the failover controller needs from outside Kubernetes: the commands it sends and where it reads the
 * NameServers' master slots. {@link #UNAVAILABLE} (no protocol client wired) leaves failover off.
 */
public record FailoverPorts(GroupCommands commands, MasterSlotSource masterSlots) {

    public static final FailoverPorts UNAVAILABLE = new FailoverPorts(null, null);

    public boolean available() {
        return commands != null && masterSlots != null;
    }
}
