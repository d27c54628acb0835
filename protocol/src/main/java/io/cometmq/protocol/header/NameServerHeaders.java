package io.cometmq.protocol.header;

import io.cometmq.protocol.RemotingCommand;
import java.util.Map;

/**
 * NameServer requests other than REGISTER_BROKER / UNREGISTER_BROKER (see {@link RegisterBrokerRequestHeader},
 * {@link UnregisterBrokerRequestHeader}): the registration answer, QUERY_DATA_VERSION (322), BROKER_HEARTBEAT
 * (904), GET_ROUTEINFO_BY_TOPIC (105), GET_TOPICS_BY_CLUSTER (224), DELETE_TOPIC_IN_NAMESRV (216),
 * REGISTER_TOPIC_IN_NAMESRV (217), WIPE_WRITE_PERM_OF_BROKER (205) and ADD_WRITE_PERM_OF_BROKER (327).
 */
public final class NameServerHeaders {

    private NameServerHeaders() {
    }

    /** RegisterBrokerResponseHeader: the group's master as the NameServer knows it; null fields when none. */
    public record RegisterBrokerResponse(String masterAddr, String haServerAddr) {

        public static RegisterBrokerResponse decode(RemotingCommand command) {
            ExtFields f = ExtFields.of(command);
            return new RegisterBrokerResponse(f.optional("masterAddr"), f.optional("haServerAddr"));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("masterAddr", masterAddr).put("haServerAddr", haServerAddr).map();
        }
    }

    /** QueryDataVersionRequestHeader and BrokerHeartbeatRequestHeader, as far as the NameServer reads them. */
    public record BrokerAddr(String brokerAddr) {

        public static BrokerAddr decode(RemotingCommand command) {
            return new BrokerAddr(ExtFields.of(command).required("brokerAddr"));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("brokerAddr", brokerAddr).map();
        }
    }

    /** QueryDataVersionResponseHeader. */
    public record QueryDataVersionResponse(boolean changed) {

        public static QueryDataVersionResponse decode(RemotingCommand command) {
            return new QueryDataVersionResponse(ExtFields.of(command).requiredBoolean("changed"));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("changed", changed).map();
        }
    }

    /** GetRouteInfoRequestHeader and RegisterTopicRequestHeader: one topic. */
    public record Topic(String topic) {

        public static Topic decode(RemotingCommand command) {
            return new Topic(ExtFields.of(command).required("topic"));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("topic", topic).map();
        }
    }

    /** DeleteTopicFromNamesrvRequestHeader; {@code clusterName} null means every cluster. */
    public record DeleteTopic(String topic, String clusterName) {

        public static DeleteTopic decode(RemotingCommand command) {
            ExtFields f = ExtFields.of(command);
            return new DeleteTopic(f.required("topic"), f.optional("clusterName"));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("topic", topic).put("clusterName", clusterName).map();
        }
    }

    /** GetTopicsByClusterRequestHeader. */
    public record TopicsByCluster(String cluster) {

        public static TopicsByCluster decode(RemotingCommand command) {
            return new TopicsByCluster(ExtFields.of(command).required("cluster"));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("cluster", cluster).map();
        }
    }

    /** WipeWritePermOfBrokerRequestHeader and AddWritePermOfBrokerRequestHeader. */
    public record WritePerm(String brokerName) {

        public static WritePerm decode(RemotingCommand command) {
            return new WritePerm(ExtFields.of(command).required("brokerName"));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("brokerName", brokerName).map();
        }
    }

    /** WipeWritePermOfBrokerResponseHeader: how many topics lost write permission. */
    public record WipeWritePermResponse(int wipeTopicCount) {

        public static WipeWritePermResponse decode(RemotingCommand command) {
            return new WipeWritePermResponse(ExtFields.of(command).requiredInt("wipeTopicCount"));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("wipeTopicCount", wipeTopicCount).map();
        }
    }

    /** AddWritePermOfBrokerResponseHeader: how many topics got write permission back. */
    public record AddWritePermResponse(int addTopicCount) {

        public static AddWritePermResponse decode(RemotingCommand command) {
            return new AddWritePermResponse(ExtFields.of(command).requiredInt("addTopicCount"));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("addTopicCount", addTopicCount).map();
        }
    }
}
