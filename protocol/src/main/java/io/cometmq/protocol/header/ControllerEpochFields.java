package io.cometmq.protocol.header;

/**
 * Ext fields CometMQ adds to REGISTER_BROKER and BROKER_HEARTBEAT (requests and responses) so that NameServers can
 * fence a deposed master: Apache NameServers and brokers ignore fields they do not know.
 *
 * <p>A broker managed by the operator sends {@link #EPOCH}, the controller epoch under which it holds its role.
 * A CometMQ NameServer remembers the highest epoch any master of a broker group registered with and refuses the
 * master slot (brokerId 0) to a broker with a lower one; its answers carry {@link #MASTER_EPOCH} (that highest
 * epoch) and, when it refused, {@link #MASTER_REFUSED}{@code =true}. A broker absent the field is unmanaged: the
 * last registration wins, as in RocketMQ.
 */
public final class ControllerEpochFields {
    /** Request: the sender's controller epoch (absent: unmanaged). */
    public static final String EPOCH = "cometmqEpoch";
    /** Response: the highest controller epoch of a master of this group the NameServer has seen (absent: none). */
    public static final String MASTER_EPOCH = "cometmqMasterEpoch";
    /** Response: "true" when the sender asked for brokerId 0 with an epoch lower than {@link #MASTER_EPOCH}. */
    public static final String MASTER_REFUSED = "cometmqMasterRefused";

    private ControllerEpochFields() {}
}
