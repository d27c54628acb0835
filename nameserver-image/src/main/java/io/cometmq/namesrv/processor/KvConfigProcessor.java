package io.cometmq.namesrv.processor;

import io.cometmq.namesrv.KvConfigStore;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.body.Json;
import io.cometmq.protocol.body.KVTable;
import io.cometmq.protocol.header.KvConfigHeaders.Key;
import io.cometmq.protocol.header.KvConfigHeaders.Namespace;
import io.cometmq.protocol.header.KvConfigHeaders.Put;
import io.cometmq.protocol.header.KvConfigHeaders.Value;
import io.cometmq.protocol.netty.RequestContext;
import io.cometmq.protocol.netty.RequestProcessor;
import java.util.Map;

/** The NameServer's namespaced key/value store (used e.g. for ORDER_TOPIC_CONFIG by mqadmin). */
public final class KvConfigProcessor implements RequestProcessor.SyncRequestProcessor {

    private final KvConfigStore store;

    public KvConfigProcessor(KvConfigStore store) {
        this.store = store;
    }

    @Override
    public RemotingCommand process(RequestContext context, RemotingCommand request) {
        switch (request.code()) {
            case RequestCode.PUT_KV_CONFIG -> {
                Put header = Put.decode(request);
                store.put(header.namespace(), header.key(), header.value());
                return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
            }
            case RequestCode.GET_KV_CONFIG -> {
                Key header = Key.decode(request);
                String namespace = header.namespace();
                String key = header.key();
                String value = store.get(namespace, key);
                if (value == null) {
                    return RemotingCommand.responseTo(request, ResponseCode.QUERY_NOT_FOUND,
                            "No config item, Namespace: " + namespace + " Key: " + key);
                }
                return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
                        .putFields(new Value(value).encode());
            }
            case RequestCode.DELETE_KV_CONFIG -> {
                Key header = Key.decode(request);
                store.delete(header.namespace(), header.key());
                return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
            }
            case RequestCode.GET_KVLIST_BY_NAMESPACE -> {
                String namespace = Namespace.decode(request).namespace();
                Map<String, String> table = store.list(namespace);
                if (table.isEmpty()) {
                    return RemotingCommand.responseTo(request, ResponseCode.QUERY_NOT_FOUND,
                            "No config item, Namespace: " + namespace);
                }
                return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
                        .body(Json.encode(new KVTable(table)));
            }
            default -> throw new IllegalStateException("not a kv config code: " + request.code());
        }
    }
}
