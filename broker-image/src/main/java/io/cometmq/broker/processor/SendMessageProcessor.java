package io.cometmq.broker.processor;

import io.cometmq.broker.BrokerConfig;
import io.cometmq.broker.BrokerStats;
import io.cometmq.broker.RoleState;
import io.cometmq.broker.client.QueueLockManager;
import io.cometmq.broker.ha.ReplicationService;
import io.cometmq.broker.meta.SubscriptionGroupConfig;
import io.cometmq.broker.meta.SubscriptionGroupManager;
import io.cometmq.broker.meta.TopicConfigManager;
import io.cometmq.broker.metrics.MessageMetrics;
import io.cometmq.broker.metrics.MessageType;
import io.cometmq.broker.store.MessageStore;
import io.cometmq.broker.store.PutResult;
import io.cometmq.broker.store.PutStatus;
import io.cometmq.broker.store.commitlog.AppendResult;
import io.cometmq.broker.store.message.MessageProperties;
import io.cometmq.broker.store.message.MessageToStore;
import io.cometmq.broker.store.message.SysFlag;
import io.cometmq.protocol.GroupTopics;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.body.TopicConfig;
import io.cometmq.protocol.body.TopicMessageType;
import io.cometmq.protocol.header.SendMessageHeaders;
import io.cometmq.protocol.netty.RequestContext;
import io.cometmq.protocol.netty.RequestProcessor;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * SEND_MESSAGE, SEND_MESSAGE_V2, SEND_BATCH_MESSAGE and the reply-message sends: validate, auto-create the topic,
 * build the stored message(s) and answer once the store's flush policy is satisfied.
 */
public final class SendMessageProcessor implements RequestProcessor {

    private static final String POP_CK = "POP_CK";
    private static final String MSG_REGION = "MSG_REGION";
    private static final String TRACE_ON = "TRACE_ON";
    private static final int MAX_PROPERTIES_LENGTH = Short.MAX_VALUE;

    private final BrokerConfig config;
    private final MessageStore store;
    private final TopicConfigManager topics;
    private final SubscriptionGroupManager groups;
    private final QueueLockManager locks;
    private final BrokerStats stats;
    private final RoleState role;
    private final ReplicationService replication;
    private final InetSocketAddress storeHost;
    private final String brokerAddr;
    private final java.util.List<MessageRouter> routers;
    private final MessageMetrics metrics;

    /** @param routers divert delayed, timed and transactional messages, first match wins */
    public SendMessageProcessor(BrokerConfig config, MessageStore store, TopicConfigManager topics,
            SubscriptionGroupManager groups, QueueLockManager locks, BrokerStats stats, RoleState role,
            ReplicationService replication, InetSocketAddress storeHost, String brokerAddr,
            java.util.List<MessageRouter> routers, MessageMetrics metrics) {
        this.config = config;
        this.store = store;
        this.topics = topics;
        this.groups = groups;
        this.locks = locks;
        this.stats = stats;
        this.role = role;
        this.replication = replication;
        this.storeHost = storeHost;
        this.brokerAddr = brokerAddr;
        this.routers = java.util.List.copyOf(routers);
        this.metrics = metrics;
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RequestContext context, RemotingCommand request) {
        SendMessageHeaders.Request send = SendMessageHeaders.Request.decode(request);
        RemotingCommand refusal = validate(request, send);
        if (refusal != null) {
            return CompletableFuture.completedFuture(refusal);
        }
        TopicConfig topic = resolveTopic(send);
        if (topic == null) {
            return reply(request, ResponseCode.TOPIC_NOT_EXIST, "topic[" + send.topic()
                    + "] not exist, apply first please! (autoCreateTopicEnable is off on this broker)");
        }
        if ((topic.perm() & TopicConfig.PERM_WRITE) == 0) {
            return reply(request, ResponseCode.NO_PERMISSION, "the topic[" + send.topic() + "] sending is forbidden");
        }
        int queues = Math.max(topic.readQueueNums(), topic.writeQueueNums());
        int queueId = send.queueId() < 0 ? ThreadLocalRandom.current().nextInt(queues) : send.queueId();
        if (queueId >= queues) {
            return reply(request, ResponseCode.INVALID_PARAMETER, "queueId " + queueId + " is out of range: topic "
                    + send.topic() + " has " + queues + " queues on this broker");
        }

        InetSocketAddress bornHost = bornHost(context);
        Destination to = destination(send, topic, queueId);
        TopicMessageType declared = declaredType(send.topic(), topic);
        return send.batch() ? storeBatch(request, send, to, bornHost, declared)
                : storeOne(request, send, to, bornHost, declared);
    }

    /**
     * The message.type sends to the topic are checked against, or null when they are not checked: the topic does
     * not declare one (it takes anything, as Apache's broker does), it is a retry or dead-letter topic, or
     * enableTopicMessageTypeCheck is off.
     */
    private TopicMessageType declaredType(String topicName, TopicConfig topic) {
        String declared = topic.attributes().get(TopicMessageType.ATTRIBUTE);
        if (declared == null || !config.messageTypes().checked() || GroupTopics.isRetryTopic(topicName)
                || topicName.startsWith(GroupTopics.DLQ_PREFIX)) {
            return null;
        }
        return TopicMessageType.parse(declared);
    }

    /** Apache's refusal when a message's kind is not what the topic declares, else null. */
    private static String typeMismatch(TopicMessageType declared, Map<String, String> properties) {
        if (declared == null) {
            return null;
        }
        TopicMessageType actual = TopicMessageType.ofMessage(properties);
        return declared.accepts(actual) ? null : declared.mismatch(actual);
    }

    /** Where a message is stored, with the properties and flags the broker adds. */
    private record Destination(String topic, int queueId, int sysFlag, String properties) {
    }

    /** The topic asked for, or the group's dead-letter topic for a retry past its last attempt. */
    private Destination destination(SendMessageHeaders.Request send, TopicConfig topic, int queueId) {
        String target = send.topic();
        String batchProperties = withBrokerProperties(send.properties(), topic);
        if (GroupTopics.isRetryTopic(target)) {
            String dlq = deadLetterTarget(send);
            if (dlq != null) {
                target = dlq;
                queueId = 0;
                batchProperties = MessageProperties.encode(withProperty(batchProperties, MessageProperties.DELAY, "-1"));
            }
        }
        int sysFlag = send.sysFlag();
        if ("MULTI_TAG".equals(topic.topicFilterType())) {
            sysFlag |= SysFlag.MULTI_TAGS;
        }
        return new Destination(target, queueId, sysFlag, batchProperties);
    }

    private CompletableFuture<RemotingCommand> storeBatch(RemotingCommand request, SendMessageHeaders.Request send, Destination to,
            InetSocketAddress bornHost, TopicMessageType declared) {
        if (GroupTopics.isRetryTopic(to.topic())) {
            return reply(request, ResponseCode.MESSAGE_ILLEGAL, "batch messages cannot be sent to retry topics");
        }
        List<MessageToStore> messages = new ArrayList<>();
        for (BatchDecoder.InnerMessage inner : BatchDecoder.decode(request.body())) {
            // batch-level properties first, so each message keeps its own UNIQ_KEY, KEYS and TAGS
            Map<String, String> merged = new LinkedHashMap<>(MessageProperties.decode(to.properties()));
            merged.putAll(MessageProperties.decode(inner.properties()));
            String mismatch = typeMismatch(declared, merged);
            if (mismatch != null) {
                return reply(request, ResponseCode.MESSAGE_ILLEGAL, mismatch);
            }
            messages.add(new MessageToStore(to.topic(), to.queueId(), inner.flag(), inner.body(),
                    MessageProperties.encode(merged), to.sysFlag(), send.bornTimestamp(), bornHost,
                    storeHost, send.reconsumeTimes(), 0));
        }
        return appendAsMaster(() -> store.putBatch(messages))
                .thenApply(result -> recordIn(result, send, to, to.topic()))
                .thenCompose(this::replicated)
                .thenApply(result -> respond(request, result, messages.size(), to.queueId(), null));
    }

    private CompletableFuture<RemotingCommand> storeOne(RemotingCommand request, SendMessageHeaders.Request send, Destination to,
            InetSocketAddress bornHost, TopicMessageType declared) {
        String mismatch = typeMismatch(declared, MessageProperties.decode(send.properties()));
        if (mismatch != null) {
            return reply(request, ResponseCode.MESSAGE_ILLEGAL, mismatch);
        }
        byte[] body = request.body() == null ? new byte[0] : request.body();
        if (body.length > config.store().maxMessageSize()) {
            return reply(request, ResponseCode.MESSAGE_ILLEGAL, "the message body size " + body.length
                    + " bytes is over the broker's maxMessageSize of " + config.store().maxMessageSize());
        }
        MessageToStore message = new MessageToStore(to.topic(), to.queueId(), send.flag(), body, to.properties(),
                to.sysFlag(), send.bornTimestamp(), bornHost, storeHost, send.reconsumeTimes(), 0);
        String uniqueKey = message.property(MessageProperties.UNIQ_KEY);
        try {
            message = route(message);
        } catch (IllegalArgumentException e) {
            return reply(request, ResponseCode.MESSAGE_ILLEGAL, e.getMessage());
        }
        MessageToStore routed = message;
        return appendAsMaster(() -> store.put(routed)).thenApply(result -> recordIn(result, send, to, routed.topic()))
                .thenCompose(this::replicated)
                .thenApply(result -> respond(request, result, 1, to.queueId(), uniqueKey));
    }

    /**
     * Appends only while this broker may write as master (managed: its lease is confirmed); otherwise the put is
     * refused with SERVICE_NOT_AVAILABLE, which the Apache client retries on another broker.
     */
    private CompletableFuture<PutResult> appendAsMaster(Supplier<CompletableFuture<PutResult>> put) {
        return role.appendAsMaster(brokerAddr, put, why -> CompletableFuture.completedFuture(
                PutResult.refused(PutStatus.SERVICE_NOT_AVAILABLE, why)));
    }

    /**
     * Counts the stored records under the topic they were stored in (SCHEDULE_TOPIC_XXXX, rmq_sys_wheel_timer or
     * the half topic for diverted messages, as Apache counts them), or, for a retry past its last attempt, the
     * dead-letter move under the message's original topic.
     */
    private PutResult recordIn(PutResult result, SendMessageHeaders.Request send, Destination to, String storedTopic) {
        if (metrics.records() && result.status().isStored()) {
            Map<String, String> properties = MessageProperties.decode(to.properties());
            if (!to.topic().equals(send.topic()) && GroupTopics.isRetryTopic(send.topic())) {
                String original = properties.get("RETRY_TOPIC");
                metrics.sentToDlq(original != null ? original : send.topic(),
                        GroupTopics.groupOfRetryTopic(send.topic()));
            } else {
                MessageType type = MessageType.of(properties);
                for (AppendResult appended : result.appendResults()) {
                    metrics.messageIn(storedTopic, type, appended.size());
                }
            }
        }
        return result;
    }

    private MessageToStore route(MessageToStore message) {
        for (MessageRouter router : routers) {
            MessageToStore routed = router.route(message);
            if (routed != null) {
                return routed;
            }
        }
        return message;
    }

    private RemotingCommand validate(RemotingCommand request, SendMessageHeaders.Request send) {
        if (!role.isMaster()) {
            return RemotingCommand.responseTo(request, ResponseCode.SERVICE_NOT_AVAILABLE,
                    "broker " + brokerAddr + " is a slave and does not accept messages");
        }
        if ((config.brokerPermission() & TopicConfig.PERM_WRITE) == 0) {
            return RemotingCommand.responseTo(request, ResponseCode.NO_PERMISSION,
                    "the broker[" + brokerAddr + "] sending message is forbidden");
        }
        if (send.topic().length() > TopicConfigManager.MAX_TOPIC_LENGTH) {
            return RemotingCommand.responseTo(request, ResponseCode.MESSAGE_ILLEGAL,
                    "topic name is longer than " + TopicConfigManager.MAX_TOPIC_LENGTH + " characters");
        }
        String invalid = TopicConfigManager.validateName(send.topic());
        if (invalid != null) {
            return RemotingCommand.responseTo(request, ResponseCode.INVALID_PARAMETER, invalid);
        }
        if (TopicConfigManager.isNotWritableByClients(send.topic())) {
            return RemotingCommand.responseTo(request, ResponseCode.NO_PERMISSION,
                    "sending to system topic " + send.topic() + " is forbidden");
        }
        if (send.properties().getBytes(StandardCharsets.UTF_8).length > MAX_PROPERTIES_LENGTH) {
            return RemotingCommand.responseTo(request, ResponseCode.MESSAGE_ILLEGAL,
                    "message properties are longer than " + MAX_PROPERTIES_LENGTH + " bytes");
        }
        return null;
    }

    private TopicConfig resolveTopic(SendMessageHeaders.Request send) {
        TopicConfigManager topics = this.topics;
        TopicConfig existing = topics.get(send.topic());
        if (existing != null) {
            return existing;
        }
        if (GroupTopics.isRetryTopic(send.topic())) {
            SubscriptionGroupConfig group = groups.find(GroupTopics.groupOfRetryTopic(send.topic()));
            return group == null ? null : topics.getOrCreateSystemTopic(send.topic(), Math.max(1, group.retryQueueNums()));
        }
        if (!config.autoCreateTopicEnable()) {
            return null;
        }
        return topics.getOrCreateForSend(send.topic(), send.defaultTopic(), send.defaultTopicQueueNums());
    }

    /**
     * A client that could not send a failed message back retries it by sending to %RETRY%group itself; past its
     * maximum attempts (or from an orderly group) it belongs in the group's dead-letter topic instead.
     */
    private String deadLetterTarget(SendMessageHeaders.Request send) {
        String group = GroupTopics.groupOfRetryTopic(send.topic());
        SubscriptionGroupConfig config = groups.find(group);
        int max = send.maxReconsumeTimes() != null ? send.maxReconsumeTimes()
                : config == null ? 16 : config.retryMaxTimes();
        if (send.reconsumeTimes() > max || locks.hasLiveLocks(group)) {
            String dlq = GroupTopics.dlqTopic(group);
            topics.getOrCreateSystemTopic(dlq, 1);
            return dlq;
        }
        return null;
    }

    private String withBrokerProperties(String properties, TopicConfig topic) {
        if (config.brokerClusterName() != null && config.regionId() != null
                && MessageProperties.valueOf(properties, POP_CK) == null
                && MessageProperties.valueOf(properties, MessageProperties.CLUSTER) == null
                && MessageProperties.valueOf(properties, MSG_REGION) == null
                && MessageProperties.valueOf(properties, TRACE_ON) == null) {
            // The usual case: nothing to drop or replace, so append (the same pairs as the map below, without
            // decoding and re-encoding every property of every message).
            String appended = MessageProperties.append(properties, MessageProperties.CLUSTER,
                    config.brokerClusterName());
            appended = MessageProperties.append(appended, MSG_REGION, config.regionId());
            return MessageProperties.append(appended, TRACE_ON, Boolean.toString(config.traceOn()));
        }
        Map<String, String> map = MessageProperties.decode(properties);
        map.remove(POP_CK);
        map.put(MessageProperties.CLUSTER, config.brokerClusterName());
        map.put(MSG_REGION, config.regionId());
        map.put(TRACE_ON, Boolean.toString(config.traceOn()));
        return MessageProperties.encode(map);
    }

    private static Map<String, String> withProperty(String properties, String name, String value) {
        Map<String, String> map = MessageProperties.decode(properties);
        map.put(name, value);
        return map;
    }

    private InetSocketAddress bornHost(RequestContext context) {
        if (context.remoteAddress() instanceof InetSocketAddress address && address.getAddress() != null) {
            return address;
        }
        return new InetSocketAddress("127.0.0.1", 0);
    }

    /**
     * A SYNC_MASTER acknowledges only what a slave also has; a replication failure outranks a flush timeout, and
     * the message stays stored either way (the code only tells the producer replication is missing).
     */
    private CompletableFuture<PutResult> replicated(PutResult result) {
        if (!result.status().isStored() || result.appendResults().isEmpty()) {
            return CompletableFuture.completedFuture(result);
        }
        AppendResult last = result.appendResults().get(result.appendResults().size() - 1);
        return replication.confirm(last.endOffset(), true).thenApply(status ->
                status == io.cometmq.broker.store.PutStatus.OK ? result
                        : new PutResult(status, result.appendResults(), status == io.cometmq.broker.store.PutStatus
                                .SLAVE_NOT_AVAILABLE ? "no slave in sync to replicate to; the message is stored on "
                                + "the master only" : "no slave confirmed the message within slaveTimeout; it is "
                                + "stored on the master"));
    }

    private RemotingCommand respond(RemotingCommand request, PutResult result, int count, int queueId,
            String uniqueKey) {
        int code = switch (result.status()) {
            case OK -> ResponseCode.SUCCESS;
            case FLUSH_DISK_TIMEOUT -> ResponseCode.FLUSH_DISK_TIMEOUT;
            case FLUSH_SLAVE_TIMEOUT -> ResponseCode.FLUSH_SLAVE_TIMEOUT;
            case SLAVE_NOT_AVAILABLE -> ResponseCode.SLAVE_NOT_AVAILABLE;
            case SERVICE_NOT_AVAILABLE, DISK_FULL -> ResponseCode.SERVICE_NOT_AVAILABLE;
            case MESSAGE_ILLEGAL, PROPERTIES_SIZE_EXCEEDED -> ResponseCode.MESSAGE_ILLEGAL;
            case UNKNOWN_ERROR -> ResponseCode.SYSTEM_ERROR;
        };
        if (!result.status().isStored()) {
            String remark = result.remark() != null ? result.remark() : result.status().name();
            if (result.status() == io.cometmq.broker.store.PutStatus.DISK_FULL) {
                remark = "[DISK_FULL] " + remark + "; the broker refuses writes until disk usage falls";
            }
            return RemotingCommand.responseTo(request, code, remark);
        }
        String lost = role.writeRefusal(brokerAddr);
        if (lost != null) {
            // Mastership or lease lost between the append and now (e.g. the JVM was frozen): never acknowledge.
            return RemotingCommand.responseTo(request, ResponseCode.SERVICE_NOT_AVAILABLE, lost
                    + " (the message was appended but is not acknowledged)");
        }
        stats.put(count);
        AppendResult first = result.appendResult();
        return RemotingCommand.responseTo(request, code, null).putFields(new SendMessageHeaders.Response(
                count == 1 ? first.offsetMsgId() : result.offsetMsgIds(), queueId, first.queueOffset(), uniqueKey,
                config.regionId(), config.traceOn()).encode());
    }

    private static CompletableFuture<RemotingCommand> reply(RemotingCommand request, int code, String remark) {
        return CompletableFuture.completedFuture(RemotingCommand.responseTo(request, code, remark));
    }
}
