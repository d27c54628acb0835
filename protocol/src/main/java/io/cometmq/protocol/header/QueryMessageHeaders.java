package io.cometmq.protocol.header;

import io.cometmq.protocol.RemotingCommand;
import java.util.Map;

/** QUERY_MESSAGE (12, by key through the index) and VIEW_MESSAGE_BY_ID (33, by commit-log offset). */
public final class QueryMessageHeaders {

    private QueryMessageHeaders() {
    }

    /** QueryMessageRequestHeader; {@code maxNum} defaults to 32 and is not clamped here. */
    public record Query(String topic, String key, int maxNum, long beginTimestamp, long endTimestamp) {

        public static Query decode(RemotingCommand command) {
            ExtFields f = ExtFields.of(command);
            return new Query(f.required("topic"), f.required("key"), f.optionalInt("maxNum", 32),
                    f.optionalLong("beginTimestamp", 0), f.optionalLong("endTimestamp", Long.MAX_VALUE));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("topic", topic).put("key", key).put("maxNum", maxNum)
                    .put("beginTimestamp", beginTimestamp).put("endTimestamp", endTimestamp).map();
        }
    }

    /**
     * QueryMessageResponseHeader. The client spells the second field "Phyoffset"; both fields are
     * {@code @CFNotNull} there.
     */
    public record QueryResponse(long indexLastUpdateTimestamp, long indexLastUpdatePhyoffset) {

        public static QueryResponse decode(RemotingCommand command) {
            ExtFields f = ExtFields.of(command);
            return new QueryResponse(f.requiredLong("indexLastUpdateTimestamp"),
                    f.requiredLong("indexLastUpdatePhyoffset"));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("indexLastUpdateTimestamp", indexLastUpdateTimestamp)
                    .put("indexLastUpdatePhyoffset", indexLastUpdatePhyoffset).map();
        }
    }

    /** ViewMessageRequestHeader: the message's commit-log offset. */
    public record ViewById(long offset) {

        public static ViewById decode(RemotingCommand command) {
            return new ViewById(ExtFields.of(command).requiredLong("offset"));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("offset", offset).map();
        }
    }
}
