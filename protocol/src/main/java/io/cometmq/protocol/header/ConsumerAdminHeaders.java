package io.cometmq.protocol.header;

import io.cometmq.protocol.RemotingCommand;
import java.util.Map;

/**
 * Who is connected and who consumes what: GET_CONSUMER_CONNECTION_LIST (203), GET_PRODUCER_CONNECTION_LIST (204),
 * QUERY_TOPIC_CONSUME_BY_WHO (300), QUERY_TOPICS_BY_CONSUMER (343), QUERY_SUBSCRIPTION_BY_CONSUMER (345),
 * GET_CONSUMER_RUNNING_INFO (307).
 */
public final class ConsumerAdminHeaders {

    private ConsumerAdminHeaders() {
    }

    /** GetConsumerConnectionListRequestHeader. */
    public record ConsumerConnections(String consumerGroup) {

        public static ConsumerConnections decode(RemotingCommand command) {
            return new ConsumerConnections(ExtFields.of(command).required("consumerGroup"));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("consumerGroup", consumerGroup).map();
        }
    }

    /** GetProducerConnectionListRequestHeader. */
    public record ProducerConnections(String producerGroup) {

        public static ProducerConnections decode(RemotingCommand command) {
            return new ProducerConnections(ExtFields.of(command).required("producerGroup"));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("producerGroup", producerGroup).map();
        }
    }

    /** QueryTopicConsumeByWhoRequestHeader. */
    public record TopicConsumeByWho(String topic) {

        public static TopicConsumeByWho decode(RemotingCommand command) {
            return new TopicConsumeByWho(ExtFields.of(command).required("topic"));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("topic", topic).map();
        }
    }

    /** QueryTopicsByConsumerRequestHeader. */
    public record TopicsByConsumer(String group) {

        public static TopicsByConsumer decode(RemotingCommand command) {
            return new TopicsByConsumer(ExtFields.of(command).required("group"));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("group", group).map();
        }
    }

    /** QuerySubscriptionByConsumerRequestHeader. */
    public record SubscriptionByConsumer(String group, String topic) {

        public static SubscriptionByConsumer decode(RemotingCommand command) {
            ExtFields f = ExtFields.of(command);
            return new SubscriptionByConsumer(f.required("group"), f.required("topic"));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("group", group).put("topic", topic).map();
        }
    }

    /** GetConsumerRunningInfoRequestHeader (the broker forwards the whole header to the client). */
    public record ConsumerRunningInfo(String consumerGroup, String clientId) {

        public static ConsumerRunningInfo decode(RemotingCommand command) {
            ExtFields f = ExtFields.of(command);
            return new ConsumerRunningInfo(f.required("consumerGroup"), f.required("clientId"));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("consumerGroup", consumerGroup).put("clientId", clientId).map();
        }
    }
}
