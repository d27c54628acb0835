package io.cometmq.operator.failover;

import io.cometmq.protocol.body.RuntimeInfoKeys;
import java.util.Map;

/**
 * Turns a broker's GET_BROKER_RUNTIME_INFO table into a {@link MemberObservation}. A key the broker does not report
 * (an older broker, or a value that is not a number) reads as unknown: role null, offsets -1, epoch 0, flags false;
 * unknown never makes a slave look caught up.
 */
public final class RuntimeInfoReader {

    private RuntimeInfoReader() {}

    public static MemberObservation read(String member, String address, boolean podReady, Map<String, String> info) {
        String role = info.get(RuntimeInfoKeys.BROKER_ROLE);
        return new MemberObservation(member, address, podReady, true, role == null || role.isBlank() ? null : role.trim(),
                (int) number(info, RuntimeInfoKeys.CONTROLLER_EPOCH, 0), number(info, RuntimeInfoKeys.COMMIT_LOG_MAX_OFFSET, -1),
                Boolean.parseBoolean(info.get(RuntimeInfoKeys.HA_MASTER_CONNECTED)),
                number(info, RuntimeInfoKeys.HA_MASTER_MAX_OFFSET, -1), number(info, RuntimeInfoKeys.HA_ACKED_OFFSET, -1));
    }

    private static long number(Map<String, String> info, String key, long unknown) {
        String value = info.get(key);
        if (value == null) {
            return unknown;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return unknown;
        }
    }
}
