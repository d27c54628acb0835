package io.cometmq.broker.store;

import io.cometmq.broker.store.message.StoredMessageView;

import java.util.List;

/**
 * Messages found by key (QUERY_MESSAGE), newest first.
 *
 * @param indexLastUpdateTimestamp store time of the newest indexed message (a QUERY_MESSAGE response field)
 * @param indexLastUpdatePhyOffset commit-log offset of the newest indexed message
 */
public record QueryResult(List<StoredMessageView> messages, long indexLastUpdateTimestamp,
        long indexLastUpdatePhyOffset) {

    public QueryResult {
        messages = List.copyOf(messages);
    }
}
