package io.cometmq.broker.processor;

import io.cometmq.broker.BrokerStats;
import io.cometmq.broker.client.ClientChannel;
import io.cometmq.broker.client.ConsumerGroup;
import io.cometmq.broker.client.ConsumerManager;
import io.cometmq.broker.client.ProducerManager;
import io.cometmq.broker.meta.ConsumerOffsetManager;
import io.cometmq.protocol.LanguageCode;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.body.DataVersion;
import io.cometmq.protocol.body.Json;
import io.cometmq.protocol.body.SubscriptionData;
import io.cometmq.protocol.body.TopicList;
import io.cometmq.protocol.header.ConsumerAdminHeaders.ConsumerConnections;
import io.cometmq.protocol.header.ConsumerAdminHeaders.ProducerConnections;
import io.cometmq.protocol.header.ConsumerAdminHeaders.SubscriptionByConsumer;
import io.cometmq.protocol.header.ConsumerAdminHeaders.TopicConsumeByWho;
import io.cometmq.protocol.header.ConsumerAdminHeaders.TopicsByConsumer;
import io.cometmq.protocol.netty.RequestContext;
import io.cometmq.protocol.netty.RequestProcessor;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who is connected and who consumes what: consumer/producer connection lists, topic↔group lookups, the
 * subscription of a group, all producers, and the offset tables slaves copy (GET_ALL_CONSUMER_OFFSET,
 * GET_ALL_DELAY_OFFSET, GET_ALL_CONSUMER_ORDER_INFO).
 */
public final class ConsumerAdminProcessor implements RequestProcessor.SyncRequestProcessor {

    /** One client connection as ConsumerConnection / ProducerConnection list it. */
    record Connection(String clientId, String clientAddr, LanguageCode language, int version) {

        static Connection of(ClientChannel member) {
            return new Connection(member.clientId(), member.remoteAddr(), member.language(), member.version());
        }
    }

    record ConsumerConnection(List<Connection> connectionSet, Map<String, SubscriptionData> subscriptionTable,
            String consumeType, String messageModel, String consumeFromWhere) {
    }

    /** One producer of GET_ALL_PRODUCER_INFO (ProducerTableInfo). */
    record ProducerInfo(String clientId, String remoteIP, LanguageCode language, int version,
            long lastUpdateTimestamp) {
    }

    private final Clock clock;
    private final ConsumerOffsetManager offsets;
    private final ConsumerManager consumers;
    private final ProducerManager producers;
    private final BrokerStats stats;
    private final String brokerAddr;
    private final ContentVersion offsetsVersion;
    private final DataVersion delayOffsetsVersion;
    private final java.util.function.Supplier<Map<Integer, Long>> delayOffsets;
    private final java.util.function.Supplier<?> orderInfo;

    /**
     * @param delayOffsets delivered offset per delay level (what slaves copy)
     * @param orderInfo    the FIFO pop state by {@code topic@group} and queue (what slaves copy)
     */
    public ConsumerAdminProcessor(Clock clock, ConsumerOffsetManager offsets, ConsumerManager consumers,
            ProducerManager producers, BrokerStats stats, String brokerAddr,
            java.util.function.Supplier<Map<Integer, Long>> delayOffsets, java.util.function.Supplier<?> orderInfo) {
        this.clock = clock;
        this.offsets = offsets;
        this.consumers = consumers;
        this.producers = producers;
        this.stats = stats;
        this.brokerAddr = brokerAddr;
        this.delayOffsets = delayOffsets;
        this.orderInfo = orderInfo;
        this.offsetsVersion = new ContentVersion(clock);
        this.delayOffsetsVersion = DataVersion.initial(stats.bootTimestamp());
    }

    @Override
    public RemotingCommand process(RequestContext context, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.GET_CONSUMER_CONNECTION_LIST -> consumerConnections(request,
                    ConsumerConnections.decode(request).consumerGroup());
            case RequestCode.GET_PRODUCER_CONNECTION_LIST -> producerConnections(request,
                    ProducerConnections.decode(request).producerGroup());
            case RequestCode.QUERY_TOPIC_CONSUME_BY_WHO -> success(request,
                    Map.of("groupList", groupsConsuming(TopicConsumeByWho.decode(request).topic())));
            case RequestCode.QUERY_TOPICS_BY_CONSUMER -> success(request,
                    new TopicList(new TreeSet<>(offsets.topicsOf(TopicsByConsumer.decode(request).group())),
                            brokerAddr));
            case RequestCode.QUERY_SUBSCRIPTION_BY_CONSUMER -> {
                SubscriptionByConsumer header = SubscriptionByConsumer.decode(request);
                yield subscription(request, header.group(), header.topic());
            }
            case RequestCode.GET_ALL_CONSUMER_OFFSET -> allConsumerOffsets(request);
            case RequestCode.GET_ALL_DELAY_OFFSET -> success(request, Map.of("offsetTable", delayOffsets.get(),
                    "dataVersion", delayOffsetsVersion));
            case RequestCode.GET_ALL_PRODUCER_INFO -> success(request, Map.of("data", allProducers()));
            case RequestCode.GET_ALL_CONSUMER_ORDER_INFO -> success(request, Map.of("table", orderInfo.get()));
            default -> throw new IllegalStateException("not a consumer admin code: " + request.code());
        };
    }

    private RemotingCommand consumerConnections(RemotingCommand request, String groupName) {
        ConsumerGroup group = consumers.group(groupName);
        List<ClientChannel> members = group == null ? List.of() : group.members();
        if (members.isEmpty()) {
            return RemotingCommand.responseTo(request, ResponseCode.CONSUMER_NOT_ONLINE, "the consumer group["
                    + groupName + "] not online");
        }
        return success(request, new ConsumerConnection(members.stream().map(Connection::of).toList(),
                group.subscriptions(), group.consumeType(), group.messageModel(), group.consumeFromWhere()));
    }

    private RemotingCommand producerConnections(RemotingCommand request, String groupName) {
        List<ClientChannel> members = producers.members(groupName);
        if (members.isEmpty()) {
            // RocketMQ's answer for an unknown producer group (the client only shows the remark)
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR, "the producer group["
                    + groupName + "] not exist");
        }
        return success(request, Map.of("connectionSet", members.stream().map(Connection::of).toList()));
    }

    /** Groups online with a subscription to the topic, plus groups that committed offsets for it. */
    private Set<String> groupsConsuming(String topic) {
        Set<String> groups = new TreeSet<>(consumers.groupsSubscribedTo(topic));
        groups.addAll(offsets.groupsOf(topic));
        return groups;
    }

    private RemotingCommand subscription(RemotingCommand request, String groupName, String topic) {
        ConsumerGroup group = consumers.group(groupName);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("group", groupName);
        body.put("topic", topic);
        body.put("subscriptionData", group == null ? null : group.subscription(topic));
        return success(request, body);
    }

    private RemotingCommand allConsumerOffsets(RemotingCommand request) {
        Map<String, Map<Integer, Long>> offsets = this.offsets.snapshot();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("offsetTable", offsets);
        body.put("dataVersion", offsetsVersion.of(offsets));
        return success(request, body);
    }

    private Map<String, List<ProducerInfo>> allProducers() {
        Map<String, List<ProducerInfo>> table = new TreeMap<>();
        for (String group : producers.groupNames()) {
            List<ProducerInfo> producers = new ArrayList<>();
            for (ClientChannel member : this.producers.members(group)) {
                producers.add(new ProducerInfo(member.clientId(), member.remoteAddr(), member.language(),
                        member.version(), member.lastUpdateMillis()));
            }
            if (!producers.isEmpty()) {
                table.put(group, producers);
            }
        }
        return table;
    }

    private static RemotingCommand success(RemotingCommand request, Object body) {
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null).body(Json.encode(body));
    }
}
