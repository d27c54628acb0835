package io.cometmq.protocol.body;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.BitSet;
import java.util.List;

/**
 * BATCH_ACK_MESSAGE body: acks of several popped messages. Apache writes each {@link BatchAck} with short keys (long
 * names are accepted too) and the acked offsets as a bit set relative to the check point's start offset, serialised
 * as the base64 of {@link BitSet#toByteArray()}.
 */
public record BatchAckMessageRequestBody(String brokerName, List<BatchAck> acks) {

    public BatchAckMessageRequestBody {
        acks = acks == null ? List.of() : List.copyOf(acks);
    }

    /**
     * @param retry         "0" the topic, "1"/"2" the group's retry topic (as in receipt handles)
     * @param startOffset   the check point's start offset
     * @param reviveQueueId the check point's revive queue (999: FIFO)
     * @param bitSet        acked offsets minus {@code startOffset}
     */
    public record BatchAck(
            @JsonProperty("c") @JsonAlias("consumerGroup") String consumerGroup,
            @JsonProperty("t") @JsonAlias("topic") String topic,
            @JsonProperty("r") @JsonAlias("retry") String retry,
            @JsonProperty("so") @JsonAlias("startOffset") long startOffset,
            @JsonProperty("q") @JsonAlias("queueId") int queueId,
            @JsonProperty("rq") @JsonAlias("reviveQueueId") int reviveQueueId,
            @JsonProperty("pt") @JsonAlias("popTime") long popTime,
            @JsonProperty("it") @JsonAlias("invisibleTime") long invisibleTime,
            @JsonProperty("b") @JsonAlias("bitSet") byte[] bitSet) {

        /** The acked queue offsets, ascending. */
        public List<Long> offsets() {
            BitSet bits = BitSet.valueOf(bitSet == null ? new byte[0] : bitSet);
            return bits.stream().mapToObj(bit -> startOffset + bit).toList();
        }

        public static BatchAck of(String group, String topic, String retry, long startOffset, int queueId,
                int reviveQueueId, long popTime, long invisibleTime, List<Long> offsets) {
            BitSet bits = new BitSet();
            offsets.forEach(offset -> bits.set((int) (offset - startOffset)));
            return new BatchAck(group, topic, retry, startOffset, queueId, reviveQueueId, popTime, invisibleTime,
                    bits.toByteArray());
        }
    }
}
