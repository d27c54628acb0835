package io.cometmq.broker.processor;

import io.cometmq.broker.client.ClientChannel;
import io.cometmq.broker.client.ConsumerGroup;
import io.cometmq.broker.client.ConsumerManager;
import io.cometmq.broker.client.ProducerManager;
import io.cometmq.broker.meta.SubscriptionGroupConfig;
import io.cometmq.broker.meta.SubscriptionGroupManager;
import io.cometmq.broker.meta.TopicConfigManager;
import io.cometmq.protocol.GroupTopics;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.body.ConsumerData;
import io.cometmq.protocol.body.HeartbeatData;
import io.cometmq.protocol.body.Json;
import io.cometmq.protocol.body.ProducerData;
import io.cometmq.protocol.header.ClientHeaders.ConsumerGroupName;
import io.cometmq.protocol.header.ClientHeaders.HeartbeatResponse;
import io.cometmq.protocol.header.ClientHeaders.UnregisterClient;
import io.cometmq.protocol.netty.RequestContext;
import io.cometmq.protocol.netty.RequestProcessor;
import java.time.Clock;
import java.util.Map;

/** HEART_BEAT, UNREGISTER_CLIENT, GET_CONSUMER_LIST_BY_GROUP and CHECK_CLIENT_CONFIG. */
public final class ClientManageProcessor implements RequestProcessor.SyncRequestProcessor {

    private final Clock clock;
    private final TopicConfigManager topics;
    private final SubscriptionGroupManager groups;
    private final ConsumerManager consumers;
    private final ProducerManager producers;

    public ClientManageProcessor(Clock clock, TopicConfigManager topics, SubscriptionGroupManager groups,
            ConsumerManager consumers, ProducerManager producers) {
        this.clock = clock;
        this.topics = topics;
        this.groups = groups;
        this.consumers = consumers;
        this.producers = producers;
    }

    @Override
    public RemotingCommand process(RequestContext context, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.HEART_BEAT -> heartbeat(context, request);
            case RequestCode.UNREGISTER_CLIENT -> unregister(context, request);
            case RequestCode.GET_CONSUMER_LIST_BY_GROUP -> consumerList(request);
            case RequestCode.CHECK_CLIENT_CONFIG -> RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
            default -> throw new IllegalStateException("not a client management code: " + request.code());
        };
    }

    private RemotingCommand heartbeat(RequestContext context, RemotingCommand request) {
        HeartbeatData heartbeat = Json.decode(request.body(), HeartbeatData.class);
        if (heartbeat.clientID() == null || heartbeat.clientID().isBlank()) {
            throw new IllegalArgumentException("heartbeat has no clientID");
        }
        ClientChannel member = new ClientChannel(context.channel(), heartbeat.clientID(), request.language(),
                request.version(), clock.millis());
        for (ConsumerData consumer : heartbeat.consumerDataSet()) {
            SubscriptionGroupConfig group = groups.find(consumer.groupName());
            if (group == null) {
                continue; // unknown group and no auto-creation: its pulls will say so
            }
            topics.getOrCreateSystemTopic(GroupTopics.retryTopic(consumer.groupName()),
                    Math.max(1, group.retryQueueNums()));
            consumers.heartbeat(member, consumer);
        }
        for (ProducerData producer : heartbeat.producerDataSet()) {
            producers.heartbeat(producer.groupName(), member);
        }
        // The client stores this response's version as the broker's version (SQL92 needs >= 4.1.0).
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
                .putFields(new HeartbeatResponse(true, true).encode());
    }

    private RemotingCommand unregister(RequestContext context, RemotingCommand request) {
        UnregisterClient header = UnregisterClient.decode(request);
        String producerGroup = header.producerGroup();
        String consumerGroup = header.consumerGroup();
        if (producerGroup != null) {
            producers.unregister(producerGroup, context.channel());
        }
        if (consumerGroup != null) {
            consumers.unregister(consumerGroup, context.channel());
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }

    private RemotingCommand consumerList(RemotingCommand request) {
        String groupName = ConsumerGroupName.decode(request).consumerGroup();
        ConsumerGroup group = consumers.group(groupName);
        if (group == null || group.isEmpty()) {
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR,
                    "no consumer for this group, " + groupName);
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
                .body(Json.encode(Map.of("consumerIdList", group.clientIds())));
    }
}
