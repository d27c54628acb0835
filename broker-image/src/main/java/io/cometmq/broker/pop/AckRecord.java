package io.cometmq.broker.pop;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * An ack in the revive log: the offsets of a check point that need no redelivery, either because the consumer acked
 * them or because the revive service has already put them into the retry topic ({@code revived}, so that reading the
 * log again after a restart or promotion does not redeliver them twice). It pairs with the check point of the same
 * group, topic, queue and pop time that holds the offsets. JSON, e.g.
 * {@code {"g":"G","t":"T","q":1,"pt":1700000000000,"o":[12]}}.
 */
public record AckRecord(@JsonProperty("g") String group, @JsonProperty("t") String topic,
        @JsonProperty("q") int queueId, @JsonProperty("pt") long popTime, @JsonProperty("o") List<Long> offsets,
        @JsonProperty("r") boolean revived) {

    public AckRecord {
        offsets = offsets == null ? List.of() : List.copyOf(offsets);
    }
}
