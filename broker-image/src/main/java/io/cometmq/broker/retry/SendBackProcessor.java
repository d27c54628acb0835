package io.cometmq.broker.retry;

import io.cometmq.broker.RoleState;
import io.cometmq.broker.delay.DelayLevels;
import io.cometmq.broker.meta.SubscriptionGroupConfig;
import io.cometmq.broker.meta.SubscriptionGroupManager;
import io.cometmq.broker.meta.TopicConfigManager;
import io.cometmq.broker.metrics.MessageMetrics;
import io.cometmq.broker.metrics.MessageType;
import io.cometmq.broker.processor.MessageRouter;
import io.cometmq.broker.store.MessageStore;
import io.cometmq.broker.store.PutResult;
import io.cometmq.broker.store.PutStatus;
import io.cometmq.broker.store.message.MessageProperties;
import io.cometmq.broker.store.message.MessageToStore;
import io.cometmq.broker.store.message.StoredMessageView;
import io.cometmq.protocol.GroupTopics;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.header.SendBackHeaders.SendBack;
import io.cometmq.protocol.netty.RequestContext;
import io.cometmq.protocol.netty.RequestProcessor;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * CONSUMER_SEND_MSG_BACK: a consumer could not process a message. It comes back in the group's %RETRY% topic
 * after a growing delay (level 3 + attempts: 10 s, 30 s, 1 min, ...), and after {@code maxReconsumeTimes}
 * attempts goes to the group's %DLQ% topic instead, where it stays for inspection.
 */
public final class SendBackProcessor implements RequestProcessor {

    static final String RETRY_TOPIC = "RETRY_TOPIC";
    static final String ORIGIN_MESSAGE_ID = "ORIGIN_MESSAGE_ID";
    /** Clients older than this did not send maxReconsumeTimes, so the group's setting applies. */
    private static final int VERSION_WITH_MAX_RECONSUME_TIMES = 121;

    private final MessageStore store;
    private final TopicConfigManager topics;
    private final SubscriptionGroupManager groups;
    private final RoleState role;
    private final InetSocketAddress storeHost;
    private final String brokerAddr;
    private final DelayLevels levels;
    private final MessageRouter delayRouter;
    private final MessageMetrics metrics;

    public SendBackProcessor(MessageStore store, TopicConfigManager topics, SubscriptionGroupManager groups,
            RoleState role, InetSocketAddress storeHost, String brokerAddr, DelayLevels levels,
            MessageRouter delayRouter, MessageMetrics metrics) {
        this.store = store;
        this.topics = topics;
        this.groups = groups;
        this.role = role;
        this.storeHost = storeHost;
        this.brokerAddr = brokerAddr;
        this.levels = levels;
        this.delayRouter = delayRouter;
        this.metrics = metrics;
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RequestContext context, RemotingCommand request) {
        SendBack header = SendBack.decode(request);
        String groupName = header.group();
        long offset = header.offset();
        int delayLevel = header.delayLevel();
        SubscriptionGroupConfig group = groups.find(groupName);
        if (group == null) {
            return reply(request, ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, "subscription group " + groupName
                    + " does not exist");
        }
        if (!role.isMaster()) {
            return reply(request, ResponseCode.NO_PERMISSION, "broker " + brokerAddr
                    + " is a slave; send messages back to the master");
        }
        if (group.retryQueueNums() <= 0) {
            return reply(request, ResponseCode.SUCCESS, "retry is disabled for group " + groupName);
        }
        StoredMessageView original = store.lookMessageByOffset(offset).orElse(null);
        if (original == null) {
            return reply(request, ResponseCode.SYSTEM_ERROR, "look message by offset failed: no message at "
                    + "commit-log offset " + offset);
        }
        int maxTimes = request.version() >= VERSION_WITH_MAX_RECONSUME_TIMES && header.maxReconsumeTimes() != null
                ? header.maxReconsumeTimes() : group.retryMaxTimes();
        Map<String, String> properties = new HashMap<>(original.properties());
        properties.putIfAbsent(RETRY_TOPIC, original.topic());
        properties.putIfAbsent(ORIGIN_MESSAGE_ID, original.offsetMessageId());
        properties.put(MessageProperties.WAIT, "false");

        String target;
        int queueId;
        if (original.reconsumeTimes() >= maxTimes || delayLevel < 0) {
            target = GroupTopics.dlqTopic(groupName);
            topics.getOrCreateSystemTopic(target, 1);
            queueId = 0;
            properties.remove(MessageProperties.DELAY);
        } else {
            int retries = group.retryQueueNums();
            target = GroupTopics.retryTopic(groupName);
            topics.getOrCreateSystemTopic(target, retries);
            queueId = ThreadLocalRandom.current().nextInt(retries);
            int level = delayLevel == 0 ? 3 + original.reconsumeTimes() : delayLevel;
            properties.put(MessageProperties.DELAY, Integer.toString(Math.min(level, levels.maxLevel())));
        }
        MessageToStore retry = new MessageToStore(target, queueId, original.flag(), original.body(),
                MessageProperties.encode(properties), original.sysFlag(), original.bornTimestamp(),
                original.bornHost(), storeHost, original.reconsumeTimes() + 1, 0);
        MessageToStore routed = delayRouter.route(retry);
        MessageToStore toStore = routed != null ? routed : retry;
        return role.appendAsMaster(brokerAddr, () -> store.put(toStore), why -> CompletableFuture.completedFuture(
                PutResult.refused(PutStatus.SERVICE_NOT_AVAILABLE, why))).thenApply(result -> {
                    if (result.status() == PutStatus.SERVICE_NOT_AVAILABLE) {
                        return RemotingCommand.responseTo(request, ResponseCode.SERVICE_NOT_AVAILABLE,
                                result.remark());
                    }
                    if (!result.status().isStored()) {
                        return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR,
                                "cannot store the retry message: " + result.status()
                                        + (result.remark() == null ? "" : " " + result.remark()));
                    }
                    record(target, groupName, properties.get(RETRY_TOPIC), result);
                    String lost = role.writeRefusal(brokerAddr);
                    return lost == null ? RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
                            : RemotingCommand.responseTo(request, ResponseCode.SERVICE_NOT_AVAILABLE, lost);
                });
    }

    /** A dead-letter move by group and original topic; a retry as a delay message of the %RETRY% topic (Apache). */
    private void record(String target, String group, String originalTopic, PutResult result) {
        if (GroupTopics.isRetryTopic(target)) {
            metrics.messageIn(target, MessageType.DELAY, result.appendResult().size());
        } else {
            metrics.sentToDlq(originalTopic, group);
        }
    }

    private static CompletableFuture<RemotingCommand> reply(RemotingCommand request, int code, String remark) {
        return CompletableFuture.completedFuture(RemotingCommand.responseTo(request, code, remark));
    }
}
