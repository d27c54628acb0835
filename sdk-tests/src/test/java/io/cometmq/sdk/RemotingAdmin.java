package io.cometmq.sdk;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.apache.rocketmq.remoting.protocol.subscription.SubscriptionGroupConfig;

/**
 * Admin calls through the Apache 5.3.3 remoting client (rocketmq-tools is kept off this module's classpath, see the
 * pom): topics with a {@code message.type}, FIFO groups, routes, runtime info and slave promotion. Its producer is
 * also the remoting side of the interop test.
 */
final class RemotingAdmin implements AutoCloseable {

    static final int PROMOTE_SLAVE_TO_MASTER = 30001;
    private static final long TIMEOUT = 10_000;

    private final DefaultMQProducer producer;
    private final MQClientAPIImpl api;

    RemotingAdmin(String nameServer) throws MQClientException {
        producer = new DefaultMQProducer("sdk_it_admin");
        producer.setNamesrvAddr(nameServer);
        producer.setInstanceName("sdk-it-admin-" + System.nanoTime());
        producer.setPollNameServerInterval(1000);
        producer.setSendMsgTimeout(10_000);
        producer.start();
        api = producer.getDefaultMQProducerImpl().getMqClientFactory().getMQClientAPIImpl();
    }

    DefaultMQProducer producer() {
        return producer;
    }

    /**
     * Creates a topic on a master with {@code +message.type=<type>} (NORMAL, FIFO, DELAY, TRANSACTION) and waits
     * until the NameServer routes it to that broker.
     */
    void createTopic(String brokerAddr, String brokerName, String topic, String type, int queues) throws Exception {
        TopicConfig config = new TopicConfig(topic, queues, queues);
        Map<String, String> attributes = new HashMap<>();
        attributes.put("+message.type", type);
        config.setAttributes(attributes);
        api.createTopic(brokerAddr, topic, config, TIMEOUT);
        await("route of " + topic).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions().until(() -> brokerAddrs(topic, brokerName).get(0L) != null);
    }

    /** A consumer group; {@code orderly} makes it a FIFO group for gRPC consumers. */
    void createGroup(String brokerAddr, String group, boolean orderly) throws Exception {
        SubscriptionGroupConfig config = new SubscriptionGroupConfig();
        config.setGroupName(group);
        config.setConsumeMessageOrderly(orderly);
        api.createSubscriptionGroup(brokerAddr, config, TIMEOUT);
    }

    /** The addresses the NameServer lists for one broker name in a topic's route (broker id → address). */
    Map<Long, String> brokerAddrs(String topic, String brokerName) throws Exception {
        TopicRouteData route = api.getTopicRouteInfoFromNameServer(topic, TIMEOUT);
        for (BrokerData data : route.getBrokerDatas()) {
            if (data.getBrokerName().equals(brokerName)) {
                return new HashMap<>(data.getBrokerAddrs());
            }
        }
        return Map.of();
    }

    /** Whether the broker lists a connection of this consumer group (GET_CONSUMER_CONNECTION_LIST). */
    boolean hasConsumerConnection(String brokerAddr, String group) {
        try {
            return !api.getConsumerConnectionList(brokerAddr, group, TIMEOUT).getConnectionSet().isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    /** Whether the broker lists a connection of this producer group (GET_PRODUCER_CONNECTION_LIST). */
    boolean hasProducerConnection(String brokerAddr, String group) {
        try {
            return !api.getProducerConnectionList(brokerAddr, group, TIMEOUT).getConnectionSet().isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    /** GET_BROKER_RUNTIME_INFO as a map. */
    Map<String, String> runtime(String brokerAddr) throws Exception {
        return api.getBrokerRuntimeInfo(brokerAddr, TIMEOUT).getTable();
    }

    /** PROMOTE_SLAVE_TO_MASTER without force: only a slave whose master is gone and that replicated it. */
    RemotingCommand promote(String slaveAddr, String role) throws Exception {
        RemotingCommand request = RemotingCommand.createRequestCommand(PROMOTE_SLAVE_TO_MASTER, null);
        request.addExtField("role", role);
        request.addExtField("force", "false");
        return api.getRemotingClient().invokeSync(slaveAddr, request, 15_000);
    }

    @Override
    public void close() {
        producer.shutdown();
    }
}
