package io.cometmq.protocol.header;

import io.cometmq.protocol.RemotingCommand;
import java.util.Map;

/** Consumer group settings: GET_SUBSCRIPTIONGROUP_CONFIG (352) and DELETE_SUBSCRIPTIONGROUP (207). */
public final class SubscriptionGroupHeaders {

    private SubscriptionGroupHeaders() {
    }

    /** GetSubscriptionGroupConfigRequestHeader. */
    public record GetConfig(String group) {

        public static GetConfig decode(RemotingCommand command) {
            return new GetConfig(ExtFields.of(command).required("group"));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("group", group).map();
        }
    }

    /** DeleteSubscriptionGroupRequestHeader; {@code cleanOffset} also drops the group's offsets. */
    public record Delete(String groupName, boolean cleanOffset) {

        public static Delete decode(RemotingCommand command) {
            ExtFields f = ExtFields.of(command);
            return new Delete(f.required("groupName"), f.optionalBoolean("cleanOffset", false));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("groupName", groupName).put("cleanOffset", cleanOffset).map();
        }
    }
}
