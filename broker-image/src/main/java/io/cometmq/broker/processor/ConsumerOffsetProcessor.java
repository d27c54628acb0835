package io.cometmq.broker.processor;

import io.cometmq.broker.meta.ConsumerOffsetManager;
import io.cometmq.broker.meta.SubscriptionGroupManager;
import io.cometmq.broker.meta.TopicConfigManager;
import io.cometmq.broker.store.MessageStore;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.header.ConsumerOffsetHeaders.OffsetResponse;
import io.cometmq.protocol.header.ConsumerOffsetHeaders.QueryConsumerOffset;
import io.cometmq.protocol.header.ConsumerOffsetHeaders.Queue;
import io.cometmq.protocol.header.ConsumerOffsetHeaders.SearchOffset;
import io.cometmq.protocol.header.ConsumerOffsetHeaders.StoreTimeResponse;
import io.cometmq.protocol.header.ConsumerOffsetHeaders.UpdateConsumerOffset;
import io.cometmq.protocol.netty.RequestContext;
import io.cometmq.protocol.netty.RequestProcessor;

/** Consume offsets and queue offsets: query/update the group's offset, max/min/earliest, search by time. */
public final class ConsumerOffsetProcessor implements RequestProcessor.SyncRequestProcessor {

    private final MessageStore store;
    private final TopicConfigManager topics;
    private final SubscriptionGroupManager groups;
    private final ConsumerOffsetManager offsets;

    public ConsumerOffsetProcessor(MessageStore store, TopicConfigManager topics, SubscriptionGroupManager groups,
            ConsumerOffsetManager offsets) {
        this.store = store;
        this.topics = topics;
        this.groups = groups;
        this.offsets = offsets;
    }

    @Override
    public RemotingCommand process(RequestContext context, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.QUERY_CONSUMER_OFFSET -> query(request, QueryConsumerOffset.decode(request));
            case RequestCode.UPDATE_CONSUMER_OFFSET -> update(request, UpdateConsumerOffset.decode(request));
            case RequestCode.GET_MAX_OFFSET -> {
                Queue queue = Queue.decode(request);
                yield offset(request, store.maxOffsetInQueue(queue.topic(), queue.queueId()));
            }
            case RequestCode.GET_MIN_OFFSET -> {
                Queue queue = Queue.decode(request);
                yield offset(request, store.minOffsetInQueue(queue.topic(), queue.queueId()));
            }
            case RequestCode.GET_EARLIEST_MSG_STORETIME -> {
                Queue queue = Queue.decode(request);
                yield RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null).putFields(new StoreTimeResponse(
                        store.earliestMessageTime(queue.topic(), queue.queueId())).encode());
            }
            case RequestCode.SEARCH_OFFSET_BY_TIMESTAMP -> search(request, SearchOffset.decode(request));
            default -> throw new IllegalStateException("not an offset code: " + request.code());
        };
    }

    private RemotingCommand query(RemotingCommand request, QueryConsumerOffset header) {
        String group = header.consumerGroup();
        String topic = header.topic();
        int queueId = header.queueId();
        long offset = offsets.query(group, topic, queueId);
        if (offset >= 0) {
            return offset(request, offset);
        }
        // A young queue (nothing deleted yet) starts from 0, so a new group on a new topic misses nothing.
        if (header.setZeroIfNotFound() && store.minOffsetInQueue(topic, queueId) <= 0) {
            return offset(request, 0);
        }
        return RemotingCommand.responseTo(request, ResponseCode.QUERY_NOT_FOUND,
                "Not found, V3_0_6_SNAPSHOT maybe this group consumer boot first");
    }

    private RemotingCommand update(RemotingCommand request, UpdateConsumerOffset header) {
        String group = header.consumerGroup();
        String topic = header.topic();
        int queueId = header.queueId();
        long offset = header.commitOffset();
        if (groups.find(group) == null) {
            return RemotingCommand.responseTo(request, ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST,
                    "subscription group " + group + " does not exist");
        }
        if (topics.get(topic) == null) {
            return RemotingCommand.responseTo(request, ResponseCode.TOPIC_NOT_EXIST, "topic " + topic
                    + " does not exist");
        }
        if (!offsets.commit(group, topic, queueId, offset)) {
            return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, "Offset has been previously reset");
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }

    private RemotingCommand search(RemotingCommand request, SearchOffset header) {
        String topic = header.topic();
        int queueId = header.queueId();
        long timestamp = header.timestamp();
        String boundary = header.boundaryType();
        long offset;
        if ("UPPER".equalsIgnoreCase(boundary)) {
            // the last message stored at or before the time
            long after = timestamp == Long.MAX_VALUE ? store.maxOffsetInQueue(topic, queueId)
                    : store.offsetInQueueByTime(topic, queueId, timestamp + 1);
            offset = Math.max(store.minOffsetInQueue(topic, queueId), after - 1);
        } else {
            offset = store.offsetInQueueByTime(topic, queueId, timestamp);
        }
        return offset(request, offset);
    }

    private static RemotingCommand offset(RemotingCommand request, long offset) {
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
                .putFields(new OffsetResponse(offset).encode());
    }
}
