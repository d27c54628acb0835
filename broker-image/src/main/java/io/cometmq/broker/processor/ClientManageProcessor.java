package io.cometmq.broker.processor;

import io.cometmq.broker.BrokerServices;
import io.cometmq.broker.client.ClientChannel;
import io.cometmq.broker.client.ConsumerGroup;
import io.cometmq.broker.meta.SubscriptionGroupConfig;
import io.cometmq.protocol.GroupTopics;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.body.ConsumerData;
import io.cometmq.protocol.body.HeartbeatData;
import io.cometmq.protocol.body.Json;
import io.cometmq.protocol.body.ProducerData;
import io.cometmq.protocol.header.ExtFields;
import io.cometmq.protocol.netty.RequestContext;
import io.cometmq.protocol.netty.RequestProcessor;
import java.util.Map;

/** HEART_BEAT, UNREGISTER_CLIENT, GET_CONSUMER_LIST_BY_GROUP and CHECK_CLIENT_CONFIG. */
public final class ClientManageProcessor implements RequestProcessor.SyncRequestProcessor {

    private final BrokerServices services;

    public ClientManageProcessor(BrokerServices services) {
        this.services = services;
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
                request.version(), services.clock().millis());
        for (ConsumerData consumer : heartbeat.consumerDataSet()) {
            SubscriptionGroupConfig group = services.groups().find(consumer.groupName());
            if (group == null) {
                continue; // unknown group and no auto-creation: its pulls will say so
            }
            services.topics().getOrCreateSystemTopic(GroupTopics.retryTopic(consumer.groupName()),
                    Math.max(1, group.retryQueueNums()));
            services.consumers().heartbeat(member, consumer);
        }
        for (ProducerData producer : heartbeat.producerDataSet()) {
            services.producers().heartbeat(producer.groupName(), member);
        }
        // The client stores this response's version as the broker's version (SQL92 needs >= 4.1.0).
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
                .putField("IS_SUPPORT_HEART_BEAT_V2", true)
                .putField("IS_SUB_CHANGE", true);
    }

    private RemotingCommand unregister(RequestContext context, RemotingCommand request) {
        ExtFields fields = ExtFields.of(request);
        String producerGroup = fields.optional("producerGroup");
        String consumerGroup = fields.optional("consumerGroup");
        if (producerGroup != null) {
            services.producers().unregister(producerGroup, context.channel());
        }
        if (consumerGroup != null) {
            services.consumers().unregister(consumerGroup, context.channel());
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }

    private RemotingCommand consumerList(RemotingCommand request) {
        String groupName = ExtFields.of(request).required("consumerGroup");
        ConsumerGroup group = services.consumers().group(groupName);
        if (group == null || group.isEmpty()) {
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR,
                    "no consumer for this group, " + groupName);
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
                .body(Json.encode(Map.of("consumerIdList", group.clientIds())));
    }
}
