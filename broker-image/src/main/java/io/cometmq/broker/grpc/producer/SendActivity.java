package io.cometmq.broker.grpc.producer;

import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.Encoding;
import apache.rocketmq.v2.Endpoints;
import apache.rocketmq.v2.Message;
import apache.rocketmq.v2.MessageQueue;
import apache.rocketmq.v2.MessageType;
import apache.rocketmq.v2.Permission;
import apache.rocketmq.v2.Resource;
import apache.rocketmq.v2.SendMessageRequest;
import apache.rocketmq.v2.SendMessageResponse;
import apache.rocketmq.v2.SendResultEntry;
import apache.rocketmq.v2.SystemProperties;
import io.cometmq.broker.grpc.GrpcConfig;
import io.cometmq.broker.grpc.GrpcException;
import io.cometmq.broker.grpc.GrpcStatuses;
import io.cometmq.broker.grpc.ProtoTime;
import io.cometmq.broker.grpc.client.GrpcClient;
import io.cometmq.broker.grpc.gateway.RemotingGateway;
import io.cometmq.broker.grpc.route.RouteActivity;
import io.cometmq.broker.grpc.route.TopicTypes;
import io.cometmq.broker.grpc.transaction.TransactionId;
import io.cometmq.broker.store.message.MessageProperties;
import io.cometmq.broker.store.message.OffsetMessageId;
import io.cometmq.broker.store.message.SysFlag;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.body.TopicMessageType;
import io.cometmq.protocol.body.TopicRouteData;
import io.cometmq.protocol.header.SendMessageHeaders;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * SendMessage: each message becomes a SEND_MESSAGE_V2 to the master of the queue the endpoint picks (FIFO: the
 * message group's hash over the writable queues, so a group stays on one queue; else round-robin). Checks as
 * Apache's proxy: body present and not too large, message type accepted by the topic's {@code message.type}.
 */
public final class SendActivity {

    private static final long TIMEOUT_MILLIS = 3_000;

    private final GrpcConfig config;
    private final RemotingGateway gateway;
    private final TopicTypes types;
    private final AtomicInteger roundRobin = new AtomicInteger();
    private final Map<String, WritableQueues> writable = new ConcurrentHashMap<>();

    private record WritableQueues(TopicRouteData route, List<MessageQueue> queues) {
    }

    public SendActivity(GrpcConfig config, RemotingGateway gateway, TopicTypes types) {
        this.config = config;
        this.gateway = gateway;
        this.types = types;
    }

    /** Sends; may first ask a NameServer for the route or a master for the topic's type (blocking). */
    public CompletableFuture<SendMessageResponse> send(GrpcClient client, SendMessageRequest request) {
        String topic = topicOf(request);
        TopicRouteData route = gateway.routes().route(topic);
        return send(client, request, topic, route, types.typeOf(topic, route), false);
    }

    /**
     * Sends without blocking, so it may run on an I/O thread: null (nothing sent) when the route or the topic's
     * type is not cached, or a message's queue is on another broker group (its master address may need a lookup).
     */
    public CompletableFuture<SendMessageResponse> sendWithoutLookups(GrpcClient client, SendMessageRequest request) {
        String topic = topicOf(request);
        TopicRouteData route = gateway.routes().cachedRoute(topic);
        TopicMessageType topicType = route == null ? null : types.knownTypeOf(topic);
        return topicType == null ? null : send(client, request, topic, route, topicType, true);
    }

    private static String topicOf(SendMessageRequest request) {
        if (request.getMessagesCount() == 0) {
            throw new GrpcException(Code.BAD_REQUEST, "no message to send");
        }
        return RouteActivity.topicName(request.getMessages(0).getTopic());
    }

    private CompletableFuture<SendMessageResponse> send(GrpcClient client, SendMessageRequest request, String topic,
            TopicRouteData route, TopicMessageType topicType, boolean localOnly) {
        List<MessageQueue> writable = writableQueues(request.getMessages(0).getTopic(), route);
        if (writable.isEmpty()) {
            throw new GrpcException(Code.FORBIDDEN, "topic " + topic + " has no writable queue on any master");
        }
        List<MessageQueue> picked = new ArrayList<>(request.getMessagesCount());
        for (Message message : request.getMessagesList()) {
            check(message, topic, topicType);
            MessageQueue queue = pick(message, writable);
            if (localOnly && !gateway.isLocal(queue.getBroker().getName())) {
                return null;
            }
            picked.add(queue);
        }
        List<CompletableFuture<SendResultEntry>> results = new ArrayList<>(picked.size());
        for (int i = 0; i < picked.size(); i++) {
            results.add(sendOne(client, topic, request.getMessages(i), picked.get(i)));
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(done -> {
            SendMessageResponse.Builder response = SendMessageResponse.newBuilder();
            Code first = null;
            boolean mixed = false;
            for (CompletableFuture<SendResultEntry> result : results) {
                SendResultEntry entry = result.join();
                response.addEntries(entry);
                if (first == null) {
                    first = entry.getStatus().getCode();
                } else if (first != entry.getStatus().getCode()) {
                    mixed = true;
                }
            }
            response.setStatus(mixed ? GrpcStatuses.status(Code.MULTIPLE_RESULTS, "send results differ")
                    : response.getEntries(0).getStatus());
            return response.build();
        });
    }

    /**
     * The route's writable queues, built once per route: the route cache hands out the same object until it
     * refreshes, and building the queue messages for every send showed in profiles.
     */
    private List<MessageQueue> writableQueues(Resource topic, TopicRouteData route) {
        WritableQueues cached = writable.get(topic.getName());
        if (cached != null && cached.route() == route) {
            return cached.queues();
        }
        List<MessageQueue> queues = RouteActivity.queues(topic, route, Endpoints.getDefaultInstance()).stream()
                .filter(q -> q.getPermission() == Permission.WRITE || q.getPermission() == Permission.READ_WRITE)
                .toList();
        writable.put(topic.getName(), new WritableQueues(route, queues));
        return queues;
    }

    private void check(Message message, String topic, TopicMessageType topicType) {
        if (!topic.equals(message.getTopic().getName())) {
            throw new GrpcException(Code.BAD_REQUEST, "all messages of one SendMessage must have one topic, got "
                    + topic + " and " + message.getTopic().getName());
        }
        if (message.getBody().isEmpty()) {
            throw new GrpcException(Code.MESSAGE_BODY_EMPTY, "message body is empty");
        }
        if (message.getBody().size() > config.maxMessageSize()) {
            throw new GrpcException(Code.MESSAGE_BODY_TOO_LARGE, "message body size " + message.getBody().size()
                    + " exceeds the limit of " + config.maxMessageSize() + " bytes (maxMessageSize)");
        }
        if (message.getSystemProperties().getMessageId().isBlank()) {
            throw new GrpcException(Code.ILLEGAL_MESSAGE_ID, "message_id is empty");
        }
        if (config.messageTypeCheck()) {
            TopicMessageType actual = typeOf(message.getSystemProperties());
            if (!topicType.accepts(actual)) {
                throw new GrpcException(Code.MESSAGE_PROPERTY_CONFLICT_WITH_TYPE, topicType.mismatch(actual));
            }
        }
    }

    static TopicMessageType typeOf(SystemProperties system) {
        return switch (system.getMessageType()) {
            case FIFO -> TopicMessageType.FIFO;
            case DELAY -> TopicMessageType.DELAY;
            case TRANSACTION -> TopicMessageType.TRANSACTION;
            case NORMAL -> TopicMessageType.NORMAL;
            default -> TopicMessageType.UNSPECIFIED;
        };
    }

    private MessageQueue pick(Message message, List<MessageQueue> writable) {
        SystemProperties system = message.getSystemProperties();
        if (system.hasMessageGroup() && !system.getMessageGroup().isEmpty()) {
            return writable.get(Math.floorMod(system.getMessageGroup().hashCode(), writable.size()));
        }
        return writable.get(Math.floorMod(roundRobin.getAndIncrement(), writable.size()));
    }

    private CompletableFuture<SendResultEntry> sendOne(GrpcClient client, String topic, Message message,
            MessageQueue queue) {
        SystemProperties system = message.getSystemProperties();
        boolean transactional = system.getMessageType() == MessageType.TRANSACTION;
        int sysFlag = transactional ? SysFlag.TRANSACTION_PREPARED : 0;
        if (system.getBodyEncoding() == Encoding.GZIP) {
            sysFlag |= SysFlag.COMPRESSED;
        }
        SendMessageHeaders.Request header = new SendMessageHeaders.Request(topic, topic, "TBW102", 4, queue.getId(),
                sysFlag, system.hasBornTimestamp() ? ProtoTime.millis(system.getBornTimestamp())
                        : System.currentTimeMillis(), 0, MessageProperties.encode(properties(topic, message)), 0,
                null, false);
        RemotingCommand request = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2,
                header.encode(RequestCode.SEND_MESSAGE_V2)).body(message.getBody().toByteArray());
        String brokerName = queue.getBroker().getName();
        return gateway.invoke(brokerName, client.channel(), request, TIMEOUT_MILLIS).handle((response, failure) -> {
            SendResultEntry.Builder entry = SendResultEntry.newBuilder().setMessageId(system.getMessageId());
            if (failure != null) {
                return entry.setStatus(GrpcStatuses.ofFailure(failure)).build();
            }
            if (response == null || response.code() != ResponseCode.SUCCESS) {
                return entry.setStatus(GrpcStatuses.of(response)).build();
            }
            SendMessageHeaders.Response sent = SendMessageHeaders.Response.decode(response);
            entry.setStatus(GrpcStatuses.ok()).setOffset(sent.queueOffset());
            if (transactional) {
                long commitLogOffset = OffsetMessageId.decode(sent.msgId()).physicalOffset();
                entry.setTransactionId(new TransactionId(brokerName, sent.queueOffset(), commitLogOffset).encode());
            }
            return entry.build();
        });
    }

    /** The remoting properties of a gRPC message (Apache's proxy mapping). */
    static Map<String, String> properties(String topic, Message message) {
        SystemProperties system = message.getSystemProperties();
        Map<String, String> properties = new LinkedHashMap<>(message.getUserPropertiesMap());
        if (system.hasTag() && !system.getTag().isEmpty()) {
            properties.put(MessageProperties.TAGS, system.getTag());
        }
        if (system.getKeysCount() > 0) {
            properties.put(MessageProperties.KEYS, String.join(" ", system.getKeysList()));
        }
        properties.put(MessageProperties.UNIQ_KEY, system.getMessageId());
        if (system.hasMessageGroup() && !system.getMessageGroup().isEmpty()) {
            properties.put("__SHARDINGKEY", system.getMessageGroup());
        }
        if (system.hasDeliveryTimestamp()) {
            properties.put("TIMER_DELIVER_MS", Long.toString(ProtoTime.millis(system.getDeliveryTimestamp())));
        }
        if (system.getMessageType() == MessageType.TRANSACTION) {
            properties.put(MessageProperties.TRAN_MSG, "true");
            if (system.hasOrphanedTransactionRecoveryDuration()) {
                properties.put("CHECK_IMMUNITY_TIME_IN_SECONDS", Long.toString(
                        ProtoTime.millis(system.getOrphanedTransactionRecoveryDuration()) / 1000));
            }
        }
        if (system.hasTraceContext()) {
            properties.put("TRACE_CONTEXT", system.getTraceContext());
        }
        properties.put("PGROUP", topic);
        return properties;
    }
}
