package io.cometmq.broker.processor;

import io.cometmq.broker.BrokerServices;
import io.cometmq.broker.meta.SubscriptionGroupConfig;
import io.cometmq.broker.meta.TopicConfigManager;
import io.cometmq.broker.store.PutResult;
import io.cometmq.broker.store.commitlog.AppendResult;
import io.cometmq.broker.store.message.MessageProperties;
import io.cometmq.broker.store.message.MessageToStore;
import io.cometmq.broker.store.message.SysFlag;
import io.cometmq.protocol.GroupTopics;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.body.TopicConfig;
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

/**
 * SEND_MESSAGE, SEND_MESSAGE_V2, SEND_BATCH_MESSAGE and the reply-message sends: validate, auto-create the topic,
 * build the stored message(s) and answer once the store's flush policy is satisfied.
 */
public final class SendMessageProcessor implements RequestProcessor {

    private static final String POP_CK = "POP_CK";
    private static final String MSG_REGION = "MSG_REGION";
    private static final String TRACE_ON = "TRACE_ON";
    private static final int MAX_PROPERTIES_LENGTH = Short.MAX_VALUE;

    private final BrokerServices services;
    private final java.util.List<MessageRouter> routers;

    /** @param routers divert delayed, timed and transactional messages, first match wins */
    public SendMessageProcessor(BrokerServices services, java.util.List<MessageRouter> routers) {
        this.services = services;
        this.routers = java.util.List.copyOf(routers);
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RequestContext context, RemotingCommand request) {
        SendRequest send = SendRequest.from(request);
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
        String target = send.topic();
        int reconsumeTimes = send.reconsumeTimes();
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

        if (send.batch()) {
            if (GroupTopics.isRetryTopic(target)) {
                return reply(request, ResponseCode.MESSAGE_ILLEGAL, "batch messages cannot be sent to retry topics");
            }
            List<MessageToStore> messages = new ArrayList<>();
            for (BatchDecoder.InnerMessage inner : BatchDecoder.decode(request.body())) {
                // batch-level properties first, so each message keeps its own UNIQ_KEY, KEYS and TAGS
                Map<String, String> merged = new LinkedHashMap<>(MessageProperties.decode(batchProperties));
                merged.putAll(MessageProperties.decode(inner.properties()));
                messages.add(new MessageToStore(target, queueId, inner.flag(), inner.body(),
                        MessageProperties.encode(merged), sysFlag, send.bornTimestamp(), bornHost,
                        services.storeHost(), reconsumeTimes, 0));
            }
            int stored = queueId;
            return services.store().putBatch(messages)
                    .thenCompose(this::replicated)
                    .thenApply(result -> respond(request, result, messages.size(), stored, null));
        }

        byte[] body = request.body() == null ? new byte[0] : request.body();
        if (body.length > services.config().store().maxMessageSize()) {
            return reply(request, ResponseCode.MESSAGE_ILLEGAL, "the message body size " + body.length
                    + " bytes is over the broker's maxMessageSize of " + services.config().store().maxMessageSize());
        }
        MessageToStore message = new MessageToStore(target, queueId, send.flag(), body, batchProperties, sysFlag,
                send.bornTimestamp(), bornHost, services.storeHost(), reconsumeTimes, 0);
        int stored = queueId;
        String uniqueKey = message.property(MessageProperties.UNIQ_KEY);
        try {
            message = route(message);
        } catch (IllegalArgumentException e) {
            return reply(request, ResponseCode.MESSAGE_ILLEGAL, e.getMessage());
        }
        return services.store().put(message).thenCompose(this::replicated)
                .thenApply(result -> respond(request, result, 1, stored, uniqueKey));
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

    private RemotingCommand validate(RemotingCommand request, SendRequest send) {
        if (!services.role().isMaster()) {
            return RemotingCommand.responseTo(request, ResponseCode.SERVICE_NOT_AVAILABLE,
                    "broker " + services.brokerAddr() + " is a slave and does not accept messages");
        }
        if ((services.config().brokerPermission() & TopicConfig.PERM_WRITE) == 0) {
            return RemotingCommand.responseTo(request, ResponseCode.NO_PERMISSION,
                    "the broker[" + services.brokerAddr() + "] sending message is forbidden");
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

    private TopicConfig resolveTopic(SendRequest send) {
        TopicConfigManager topics = services.topics();
        TopicConfig existing = topics.get(send.topic());
        if (existing != null) {
            return existing;
        }
        if (GroupTopics.isRetryTopic(send.topic())) {
            SubscriptionGroupConfig group = services.groups().find(GroupTopics.groupOfRetryTopic(send.topic()));
            return group == null ? null : topics.getOrCreateSystemTopic(send.topic(), Math.max(1, group.retryQueueNums()));
        }
        if (!services.config().autoCreateTopicEnable()) {
            return null;
        }
        return topics.getOrCreateForSend(send.topic(), send.defaultTopic(), send.defaultTopicQueueNums());
    }

    /**
     * A client that could not send a failed message back retries it by sending to %RETRY%group itself; past its
     * maximum attempts (or from an orderly group) it belongs in the group's dead-letter topic instead.
     */
    private String deadLetterTarget(SendRequest send) {
        String group = GroupTopics.groupOfRetryTopic(send.topic());
        SubscriptionGroupConfig config = services.groups().find(group);
        int max = send.maxReconsumeTimes() != null ? send.maxReconsumeTimes()
                : config == null ? 16 : config.retryMaxTimes();
        if (send.reconsumeTimes() > max || services.locks().hasLiveLocks(group)) {
            String dlq = GroupTopics.dlqTopic(group);
            services.topics().getOrCreateSystemTopic(dlq, 1);
            return dlq;
        }
        return null;
    }

    private String withBrokerProperties(String properties, TopicConfig topic) {
        Map<String, String> map = MessageProperties.decode(properties);
        map.remove(POP_CK);
        map.put(MessageProperties.CLUSTER, services.config().brokerClusterName());
        map.put(MSG_REGION, services.config().regionId());
        map.put(TRACE_ON, Boolean.toString(services.config().traceOn()));
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
        return services.replication().confirm(last.endOffset(), true).thenApply(status ->
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
        services.stats().put(count);
        AppendResult first = result.appendResult();
        return RemotingCommand.responseTo(request, code, null)
                .putField("msgId", count == 1 ? first.offsetMsgId() : result.offsetMsgIds())
                .putField("queueId", queueId)
                .putField("queueOffset", first.queueOffset())
                .putField("transactionId", uniqueKey)
                .putField(MSG_REGION, services.config().regionId())
                .putField(TRACE_ON, services.config().traceOn());
    }

    private static CompletableFuture<RemotingCommand> reply(RemotingCommand request, int code, String remark) {
        return CompletableFuture.completedFuture(RemotingCommand.responseTo(request, code, remark));
    }
}
