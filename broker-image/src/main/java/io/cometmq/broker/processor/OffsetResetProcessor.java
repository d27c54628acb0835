package io.cometmq.broker.processor;

import io.cometmq.broker.BrokerConfig;
import io.cometmq.broker.RoleState;
import io.cometmq.broker.client.ClientChannel;
import io.cometmq.broker.client.ConsumerGroup;
import io.cometmq.broker.client.ConsumerManager;
import io.cometmq.broker.meta.ConsumerOffsetManager;
import io.cometmq.broker.meta.SubscriptionGroupManager;
import io.cometmq.broker.meta.TopicConfigManager;
import io.cometmq.broker.store.MessageStore;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.body.MessageQueue;
import io.cometmq.protocol.body.ObjectKeyedJson;
import io.cometmq.protocol.body.TopicConfig;
import io.cometmq.protocol.header.OffsetResetHeaders.ResetOffset;
import io.cometmq.protocol.netty.RequestContext;
import io.cometmq.protocol.netty.RequestProcessor;
import io.netty.channel.Channel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INVOKE_BROKER_TO_RESET_OFFSET: moves a group's offsets on a topic to a point in time (or to an explicit offset
 * for one queue). The new offsets are stored at once and stay pending until the consumer pulls from them, so an
 * offline group picks them up when it comes back and an online one is answered PULL_OFFSET_MOVED; online push
 * consumers are also sent RESET_CONSUMER_CLIENT_OFFSET, which makes them drop what they buffered.
 */
public final class OffsetResetProcessor implements RequestProcessor.SyncRequestProcessor {

    private static final Logger log = LoggerFactory.getLogger(OffsetResetProcessor.class);

    private final BrokerConfig config;
    private final MessageStore store;
    private final TopicConfigManager topics;
    private final SubscriptionGroupManager groups;
    private final ConsumerOffsetManager offsets;
    private final ConsumerManager consumers;
    private final RoleState role;
    private final BiConsumer<Channel, RemotingCommand> oneway;

    /** @param oneway sends a oneway request to a client channel */
    public OffsetResetProcessor(BrokerConfig config, MessageStore store, TopicConfigManager topics,
            SubscriptionGroupManager groups, ConsumerOffsetManager offsets, ConsumerManager consumers, RoleState role,
            BiConsumer<Channel, RemotingCommand> oneway) {
        this.config = config;
        this.store = store;
        this.topics = topics;
        this.groups = groups;
        this.offsets = offsets;
        this.consumers = consumers;
        this.role = role;
        this.oneway = oneway;
    }

    @Override
    public RemotingCommand process(RequestContext context, RemotingCommand request) {
        ResetOffset reset = ResetOffset.decode(request);
        if (!role.isMaster()) {
            return error(request, ResponseCode.SYSTEM_ERROR, "Can not reset offset in slave broker");
        }
        TopicConfig topic = topics.get(reset.topic());
        if (topic == null) {
            return error(request, ResponseCode.TOPIC_NOT_EXIST, "Topic " + reset.topic() + " does not exist");
        }
        ConsumerGroup online = consumers.group(reset.group());
        if (online == null && !groups.all().containsKey(reset.group())) {
            return error(request, ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, "Group " + reset.group()
                    + " does not exist");
        }
        Map<Integer, Long> targets = new LinkedHashMap<>();
        if (reset.queueId() >= 0) {
            if (reset.queueId() >= topic.readQueueNums()) {
                return error(request, ResponseCode.INVALID_PARAMETER, "queueId " + reset.queueId()
                        + " is out of range: topic " + reset.topic() + " has " + topic.readQueueNums() + " queues");
            }
            long offset = reset.offset() >= 0 ? reset.offset() : byTime(reset, reset.queueId());
            long min = store.minOffsetInQueue(reset.topic(), reset.queueId());
            long max = store.maxOffsetInQueue(reset.topic(), reset.queueId());
            if (offset < min || offset > max) {
                return error(request, ResponseCode.SYSTEM_ERROR, String.format(
                        "Target offset %d not in consume queue range [%d-%d]", offset, min, max));
            }
            targets.put(reset.queueId(), offset);
        } else {
            for (int queueId = 0; queueId < topic.readQueueNums(); queueId++) {
                targets.put(queueId, byTime(reset, queueId));
            }
        }

        Map<MessageQueue, Long> table = new LinkedHashMap<>();
        targets.forEach((queueId, target) -> {
            long current = offsets.query(reset.group(), reset.topic(), queueId);
            // without force, offsets only move backwards
            long offset = !reset.force() && current >= 0 && current < target ? current : target;
            offsets.reset(reset.group(), reset.topic(), queueId, offset);
            table.put(new MessageQueue(reset.topic(), config.brokerName(), queueId), offset);
        });
        log.info("reset offsets of group {} on topic {} to {} (timestamp {}), requested by {}", reset.group(),
                reset.topic(), targets, reset.timestamp(), context.remoteAddressString());

        byte[] body = new ObjectKeyedJson().objectKeyedMap("offsetTable", table).toBytes();
        if (online != null) {
            notifyMembers(online, reset, body);
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null).body(body);
    }

    private long byTime(ResetOffset reset, int queueId) {
        return reset.timestamp() < 0 ? store.maxOffsetInQueue(reset.topic(), queueId)
                : store.offsetInQueueByTime(reset.topic(), queueId, reset.timestamp());
    }

    /** RESET_CONSUMER_CLIENT_OFFSET to every member, so push consumers drop their buffered messages now. */
    private void notifyMembers(ConsumerGroup group, ResetOffset reset, byte[] body) {
        for (ClientChannel member : group.members()) {
            oneway.accept(member.channel(), RemotingCommand.request(RequestCode.RESET_CONSUMER_CLIENT_OFFSET,
                    ResetOffset.allQueues(reset.topic(), reset.group(), reset.timestamp(), reset.force()).encode())
                    .body(body));
        }
    }

    private static RemotingCommand error(RemotingCommand request, int code, String remark) {
        return RemotingCommand.responseTo(request, code, remark);
    }
}
