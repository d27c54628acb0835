package io.cometmq.protocol.header;

import io.cometmq.protocol.RemotingCommand;
import java.util.Map;

/**
 * The role changes of a broker group (CometMQ extensions): PROMOTE_SLAVE_TO_MASTER (30001) turns a caught-up slave
 * into its group's master, DEMOTE_MASTER_TO_SLAVE (30002) makes a master stop writing and follow the next one.
 */
public final class PromotionHeaders {

    /** Response field of DEMOTE_MASTER_TO_SLAVE: the demoted broker's commit-log end when it stopped writing. */
    public static final String LOG_END_OFFSET = "logEndOffset";

    private PromotionHeaders() {
    }

    /**
     * @param role      the master role to take, ASYNC_MASTER (default) or SYNC_MASTER; checked by the broker
     * @param force     promote even when the slave cannot prove it is caught up
     * @param epoch     the controller epoch the new master holds its mastership under (0: none, the broker's own
     *                  epoch + 1); a broker refuses an epoch lower than the one it knows
     * @param minOffset refuse unless the local commit log reaches at least this offset (-1: no such check); the
     *                  operator passes the master's last confirmed offset it observed
     */
    public record PromoteSlaveToMaster(String role, boolean force, int epoch, long minOffset) {

        public PromoteSlaveToMaster(String role, boolean force) {
            this(role, force, 0, -1);
        }

        public static PromoteSlaveToMaster decode(RemotingCommand command) {
            ExtFields f = ExtFields.of(command);
            return new PromoteSlaveToMaster(f.optional("role", "ASYNC_MASTER"), f.optionalBoolean("force", false),
                    f.optionalInt("epoch", 0), f.optionalLong("minOffset", -1));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("role", role).put("force", force).put("epoch", epoch)
                    .put("minOffset", minOffset).map();
        }
    }

    /** @param epoch the controller epoch of the decision that ends this broker's mastership (must be higher). */
    public record DemoteMasterToSlave(int epoch) {

        public static DemoteMasterToSlave decode(RemotingCommand command) {
            return new DemoteMasterToSlave(ExtFields.of(command).requiredInt("epoch"));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("epoch", epoch).map();
        }
    }
}
