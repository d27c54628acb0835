package io.cometmq.broker.pop;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A check point (CK): one pop of one queue by one group, written to the revive log before the pop is answered.
 * Unless every offset is acked by {@code popTime + invisibleTime}, the revive service puts the unacked messages into
 * the group's retry topic. JSON in the revive log, e.g.
 * {@code {"g":"G","t":"T","q":1,"so":10,"pt":1700000000000,"it":60000,"o":[10,12],"n":13,"b":"broker-a"}}.
 *
 * @param topic       the topic the messages were popped from (a retry topic for redelivered messages)
 * @param startOffset the queue offset the pop started at (receipt handles carry it)
 * @param offsets     queue offsets of the popped messages, ascending
 * @param nextOffset  where the group's next pop of this queue starts (its consumer offset after this pop), or -1
 *                    for a check point written by CHANGE_MESSAGE_INVISIBLETIME
 */
public record CheckPoint(@JsonProperty("g") String group, @JsonProperty("t") String topic,
        @JsonProperty("q") int queueId, @JsonProperty("so") long startOffset, @JsonProperty("pt") long popTime,
        @JsonProperty("it") long invisibleTime, @JsonProperty("o") List<Long> offsets,
        @JsonProperty("n") long nextOffset, @JsonProperty("b") String brokerName) {

    public CheckPoint {
        offsets = offsets == null ? List.of() : List.copyOf(offsets);
    }

    /** When the unacked messages become visible again (through the retry topic). */
    public long reviveTime() {
        return popTime + invisibleTime;
    }
}
