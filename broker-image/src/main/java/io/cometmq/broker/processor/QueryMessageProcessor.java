package io.cometmq.broker.processor;

import io.cometmq.broker.store.MessageStore;
import io.cometmq.broker.store.QueryResult;
import io.cometmq.broker.store.message.StoredMessageView;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.header.ExtFields;
import io.cometmq.protocol.netty.RequestContext;
import io.cometmq.protocol.netty.RequestProcessor;
import java.nio.ByteBuffer;
import java.util.Optional;

/** QUERY_MESSAGE (by key or unique id, through the index) and VIEW_MESSAGE_BY_ID (by commit-log offset). */
public final class QueryMessageProcessor implements RequestProcessor.SyncRequestProcessor {

    private final MessageStore store;

    public QueryMessageProcessor(MessageStore store) {
        this.store = store;
    }

    @Override
    public RemotingCommand process(RequestContext context, RemotingCommand request) {
        ExtFields f = ExtFields.of(request);
        if (request.code() == RequestCode.VIEW_MESSAGE_BY_ID) {
            long offset = f.requiredLong("offset");
            Optional<StoredMessageView> message = store.lookMessageByOffset(offset);
            if (message.isEmpty()) {
                return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR,
                        "can not find message by the offset, " + offset);
            }
            return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
                    .body(bytes(message.get().buffer()));
        }
        String topic = f.required("topic");
        String key = f.required("key");
        int maxNum = Math.max(1, Math.min(f.optionalInt("maxNum", 32), 64));
        long begin = f.optionalLong("beginTimestamp", 0);
        long end = f.optionalLong("endTimestamp", Long.MAX_VALUE);
        QueryResult result = store.queryByKey(topic, key, maxNum, begin, end);
        if (result.messages().isEmpty()) {
            return RemotingCommand.responseTo(request, ResponseCode.QUERY_NOT_FOUND,
                    "can not find message, maybe time range not correct");
        }
        int size = result.messages().stream().mapToInt(StoredMessageView::totalSize).sum();
        ByteBuffer body = ByteBuffer.allocate(size);
        result.messages().forEach(message -> body.put(message.buffer().duplicate()));
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
                .putField("indexLastUpdateTimestamp", result.indexLastUpdateTimestamp())
                // the client's QueryMessageResponseHeader spells it "Phyoffset"; both fields are @CFNotNull
                .putField("indexLastUpdatePhyoffset", result.indexLastUpdatePhyOffset())
                .body(body.array());
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
