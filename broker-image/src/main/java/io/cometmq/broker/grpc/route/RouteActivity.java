package io.cometmq.broker.grpc.route;

import apache.rocketmq.v2.Assignment;
import apache.rocketmq.v2.Broker;
import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.Endpoints;
import apache.rocketmq.v2.MessageQueue;
import apache.rocketmq.v2.MessageType;
import apache.rocketmq.v2.Permission;
import apache.rocketmq.v2.QueryAssignmentRequest;
import apache.rocketmq.v2.QueryAssignmentResponse;
import apache.rocketmq.v2.QueryRouteRequest;
import apache.rocketmq.v2.QueryRouteResponse;
import apache.rocketmq.v2.Resource;
import io.cometmq.broker.grpc.GrpcException;
import io.cometmq.broker.grpc.GrpcStatuses;
import io.cometmq.broker.grpc.gateway.ClusterRoutes;
import io.cometmq.protocol.body.BrokerData;
import io.cometmq.protocol.body.QueueData;
import io.cometmq.protocol.body.TopicConfig;
import io.cometmq.protocol.body.TopicMessageType;
import io.cometmq.protocol.body.TopicRouteData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * QueryRoute and QueryAssignment. Every broker answers for the whole cluster: the queues of every master, each
 * naming its broker group, with the endpoints the client dialled (Apache's cluster mode), so SDKs only need the
 * Service address.
 */
public final class RouteActivity {

    private final ClusterRoutes routes;
    private final TopicTypes types;

    public RouteActivity(ClusterRoutes routes, TopicTypes types) {
        this.routes = routes;
        this.types = types;
    }

    public QueryRouteResponse queryRoute(QueryRouteRequest request) {
        String topic = topicName(request.getTopic());
        if (request.getEndpoints().getAddressesCount() == 0) {
            throw new GrpcException(Code.ILLEGAL_ACCESS_POINT, "endpoints must name the address the client dialled");
        }
        TopicRouteData route = routes.route(topic);
        List<MessageType> accepted = acceptedTypes(types.typeOf(topic, route));
        QueryRouteResponse.Builder response = QueryRouteResponse.newBuilder().setStatus(GrpcStatuses.ok());
        for (MessageQueue queue : queues(request.getTopic(), route, request.getEndpoints())) {
            response.addMessageQueues(queue.toBuilder().addAllAcceptMessageTypes(accepted));
        }
        return response.build();
    }

    /** Push consumers ask which queues to receive from: one broker-wide queue (id -1) per readable master. */
    public QueryAssignmentResponse queryAssignment(QueryAssignmentRequest request) {
        String topic = topicName(request.getTopic());
        if (request.getGroup().getName().isBlank()) {
            throw new GrpcException(Code.ILLEGAL_CONSUMER_GROUP, "group is empty");
        }
        TopicRouteData route = routes.route(topic);
        QueryAssignmentResponse.Builder response = QueryAssignmentResponse.newBuilder().setStatus(GrpcStatuses.ok());
        Map<String, MessageQueue> brokers = new TreeMap<>();
        for (MessageQueue queue : queues(request.getTopic(), route, request.getEndpoints())) {
            if (queue.getPermission() == Permission.READ || queue.getPermission() == Permission.READ_WRITE) {
                brokers.putIfAbsent(queue.getBroker().getName(), queue.toBuilder().setId(-1)
                        .setPermission(Permission.READ_WRITE).build());
            }
        }
        brokers.values().forEach(queue -> response.addAssignments(Assignment.newBuilder().setMessageQueue(queue)));
        return response.build();
    }

    /**
     * The route's queues of groups with a master, numbered as Apache's proxy does: the first min(read, write)
     * queues READ_WRITE, then READ-only or WRITE-only ones; the topic's perm can take read or write away.
     */
    public static List<MessageQueue> queues(Resource topic, TopicRouteData route, Endpoints endpoints) {
        Map<String, BrokerData> brokers = new TreeMap<>();
        route.brokerDatas().forEach(b -> brokers.put(b.brokerName(), b));
        List<MessageQueue> queues = new ArrayList<>();
        for (QueueData data : route.queueDatas()) {
            BrokerData broker = brokers.get(data.brokerName());
            if (broker == null || broker.masterAddr() == null) {
                continue;
            }
            Broker brokerMessage = Broker.newBuilder().setName(data.brokerName()).setId(0).setEndpoints(endpoints)
                    .build();
            boolean readable = (data.perm() & TopicConfig.PERM_READ) != 0;
            boolean writable = (data.perm() & TopicConfig.PERM_WRITE) != 0;
            int both = Math.min(data.readQueueNums(), data.writeQueueNums());
            int id = 0;
            for (int i = 0; i < both; i++) {
                queues.add(queue(topic, id++, permission(readable, writable), brokerMessage));
            }
            for (int i = both; i < data.readQueueNums(); i++) {
                queues.add(queue(topic, id++, permission(readable, false), brokerMessage));
            }
            for (int i = both; i < data.writeQueueNums(); i++) {
                queues.add(queue(topic, id++, permission(false, writable), brokerMessage));
            }
        }
        return queues;
    }

    private static MessageQueue queue(Resource topic, int id, Permission permission, Broker broker) {
        return MessageQueue.newBuilder().setTopic(topic).setId(id).setPermission(permission).setBroker(broker)
                .build();
    }

    private static Permission permission(boolean readable, boolean writable) {
        if (readable && writable) {
            return Permission.READ_WRITE;
        }
        return readable ? Permission.READ : writable ? Permission.WRITE : Permission.NONE;
    }

    /** The SDK message types a topic of {@code type} takes (MIXED: all four). */
    public static List<MessageType> acceptedTypes(TopicMessageType type) {
        return switch (type) {
            case FIFO -> List.of(MessageType.FIFO);
            case DELAY -> List.of(MessageType.DELAY);
            case TRANSACTION -> List.of(MessageType.TRANSACTION);
            case MIXED -> List.of(MessageType.NORMAL, MessageType.FIFO, MessageType.DELAY, MessageType.TRANSACTION);
            default -> List.of(MessageType.NORMAL);
        };
    }

    public static String topicName(Resource topic) {
        String name = topic.getName();
        if (name == null || name.isBlank()) {
            throw new GrpcException(Code.ILLEGAL_TOPIC, "topic name is empty");
        }
        return name;
    }
}
