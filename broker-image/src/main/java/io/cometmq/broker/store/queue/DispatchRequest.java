package io.cometmq.broker.store.queue;

/**
 * What the dispatcher learned about one commit-log record, handed to every {@link CommitLogDispatcher}.
 *
 * @param keys      the KEYS property (space separated), or null
 * @param uniqueKey the UNIQ_KEY property, or null
 */
public record DispatchRequest(String topic, int queueId, long commitLogOffset, int size, long tagsCode,
        long storeTimestamp, long queueOffset, int sysFlag, String keys, String uniqueKey) {
}
