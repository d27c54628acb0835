package io.cometmq.protocol.header;

import io.cometmq.protocol.RemotingCommand;
import java.util.Map;

/** PROMOTE_SLAVE_TO_MASTER (30001, a CometMQ extension): turns a caught-up slave into its group's master. */
public final class PromotionHeaders {

    private PromotionHeaders() {
    }

    /**
     * @param role  the master role to take, ASYNC_MASTER (default) or SYNC_MASTER; checked by the broker
     * @param force promote even when the slave cannot prove it is caught up
     */
    public record PromoteSlaveToMaster(String role, boolean force) {

        public static PromoteSlaveToMaster decode(RemotingCommand command) {
            ExtFields f = ExtFields.of(command);
            return new PromoteSlaveToMaster(f.optional("role", "ASYNC_MASTER"), f.optionalBoolean("force", false));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("role", role).put("force", force).map();
        }
    }
}
