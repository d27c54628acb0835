package io.cometmq.broker.processor;

import io.cometmq.broker.store.MessageStore;
import io.cometmq.broker.store.QueryResult;
import io.cometmq.broker.store.message.StoredMessageView;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.header.QueryMessageHeaders.Query;
import io.cometmq.protocol.header.QueryMessageHeaders.QueryResponse;
import io.cometmq.protocol.header.QueryMessageHeaders.ViewById;
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
        if (request.code() == RequestCode.VIEW_MESSAGE_BY_ID) {
            long offset = ViewById.decode(request).offset();
            Optional<StoredMessageView> message = store.lookMessageByOffset(offset);
            if (message.isEmpty()) {
                return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR,
                        "can not find message by the offset, " + offset);
            }
            return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
                    .body(bytes(message.get().buffer()));
        }
        Query query = Query.decode(request);
        int maxNum = Math.max(1, Math.min(query.maxNum(), 64));
        QueryResult result = store.queryByKey(query.topic(), query.key(), maxNum, query.beginTimestamp(),
                query.endTimestamp());
        if (result.messages().isEmpty()) {
            return RemotingCommand.responseTo(request, ResponseCode.QUERY_NOT_FOUND,
                    "can not find message, maybe time range not correct");
        }
        int size = result.messages().stream().mapToInt(StoredMessageView::totalSize).sum();
        ByteBuffer body = ByteBuffer.allocate(size);
        result.messages().forEach(message -> body.put(message.buffer().duplicate()));
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
                .putFields(new QueryResponse(result.indexLastUpdateTimestamp(), result.indexLastUpdatePhyOffset())
                        .encode())
                .body(body.array());
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
