package io.cometmq.protocol.header;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Every header family: encode then decode gives the same header back, and bad fields are named. */
class HeaderRoundTripTest {

    private static <T> T roundTrip(int code, Map<String, String> fields, Function<RemotingCommand, T> decode) {
        return decode.apply(RemotingCommand.request(code, fields));
    }

    @Test
    void sendRequestInBothSpellings() {
        SendMessageHeaders.Request send = new SendMessageHeaders.Request("pg", "TopicTest", "TBW102", 4, 3, 4,
                1_700_000_000_000L, 7, "TAGS\u0001a\u0002", 2, 5, false);

        assertThat(roundTrip(RequestCode.SEND_MESSAGE, send.encodeV1(), SendMessageHeaders.Request::decode))
                .isEqualTo(send);
        assertThat(roundTrip(RequestCode.SEND_MESSAGE_V2, send.encodeV2(), SendMessageHeaders.Request::decode))
                .isEqualTo(send);
        assertThat(send.encode(RequestCode.SEND_REPLY_MESSAGE)).isEqualTo(send.encodeV1());
        assertThat(send.encode(RequestCode.SEND_REPLY_MESSAGE_V2)).isEqualTo(send.encodeV2());
        assertThat(send.encodeV2()).containsEntry("a", "pg").containsEntry("b", "TopicTest")
                .containsEntry("e", "3").containsEntry("l", "5").doesNotContainKey("topic");
    }

    @Test
    void sendRequestDefaultsAndTheBatchCode() {
        SendMessageHeaders.Request minimal = roundTrip(RequestCode.SEND_BATCH_MESSAGE,
                Map.of("a", "pg", "b", "t", "e", "0"), SendMessageHeaders.Request::decode);

        assertThat(minimal).isEqualTo(new SendMessageHeaders.Request("pg", "t", "TBW102", 4, 0, 0, 0, 0, "", 0,
                null, true));
        assertThat(minimal.encodeV2()).doesNotContainKey("l");
    }

    @Test
    void sendResponse() {
        SendMessageHeaders.Response response = new SendMessageHeaders.Response("0A00000100002A9F0000000000000000",
                2, 41, "uniq", "DefaultRegion", true);

        assertThat(roundTrip(ResponseCode.SUCCESS, response.encode(), SendMessageHeaders.Response::decode))
                .isEqualTo(response);
        assertThat(response.encode()).containsEntry("MSG_REGION", "DefaultRegion").containsEntry("TRACE_ON", "true");
        assertThat(new SendMessageHeaders.Response("id", 0, 0, null, null, false).encode())
                .doesNotContainKeys("transactionId", "MSG_REGION");
    }

    @Test
    void pull() {
        PullMessageHeaders.Request pull = new PullMessageHeaders.Request("g", "t", 1, 10, 32, 1024, 3, 9, 15_000,
                "*", "TAG", 5);

        assertThat(roundTrip(RequestCode.PULL_MESSAGE, pull.encode(), PullMessageHeaders.Request::decode))
                .isEqualTo(pull);
        assertThat(pull.has(2)).isTrue();
        assertThat(pull.has(4)).isFalse();
        PullMessageHeaders.Response response = new PullMessageHeaders.Response(1, 11, 0, 12);
        assertThat(roundTrip(ResponseCode.SUCCESS, response.encode(), PullMessageHeaders.Response::decode))
                .isEqualTo(response);
    }

    @Test
    void queryAndViewMessage() {
        QueryMessageHeaders.Query query = new QueryMessageHeaders.Query("t", "k", 16, 1, 2);
        assertThat(roundTrip(RequestCode.QUERY_MESSAGE, query.encode(), QueryMessageHeaders.Query::decode))
                .isEqualTo(query);
        assertThat(roundTrip(RequestCode.QUERY_MESSAGE, Map.of("topic", "t", "key", "k"),
                QueryMessageHeaders.Query::decode)).isEqualTo(new QueryMessageHeaders.Query("t", "k", 32, 0,
                Long.MAX_VALUE));
        QueryMessageHeaders.QueryResponse answer = new QueryMessageHeaders.QueryResponse(5, 6);
        assertThat(answer.encode()).containsOnlyKeys("indexLastUpdateTimestamp", "indexLastUpdatePhyoffset");
        assertThat(roundTrip(ResponseCode.SUCCESS, answer.encode(), QueryMessageHeaders.QueryResponse::decode))
                .isEqualTo(answer);
        QueryMessageHeaders.ViewById view = new QueryMessageHeaders.ViewById(123);
        assertThat(roundTrip(RequestCode.VIEW_MESSAGE_BY_ID, view.encode(), QueryMessageHeaders.ViewById::decode))
                .isEqualTo(view);
    }

    @Test
    void consumerOffsets() {
        var query = new ConsumerOffsetHeaders.QueryConsumerOffset("g", "t", 2, false);
        assertThat(roundTrip(RequestCode.QUERY_CONSUMER_OFFSET, query.encode(),
                ConsumerOffsetHeaders.QueryConsumerOffset::decode)).isEqualTo(query);
        assertThat(roundTrip(RequestCode.QUERY_CONSUMER_OFFSET, Map.of("consumerGroup", "g", "topic", "t",
                "queueId", "2"), ConsumerOffsetHeaders.QueryConsumerOffset::decode).setZeroIfNotFound()).isTrue();
        var update = new ConsumerOffsetHeaders.UpdateConsumerOffset("g", "t", 2, 99);
        assertThat(roundTrip(RequestCode.UPDATE_CONSUMER_OFFSET, update.encode(),
                ConsumerOffsetHeaders.UpdateConsumerOffset::decode)).isEqualTo(update);
        var queue = new ConsumerOffsetHeaders.Queue("t", 1);
        assertThat(roundTrip(RequestCode.GET_MAX_OFFSET, queue.encode(), ConsumerOffsetHeaders.Queue::decode))
                .isEqualTo(queue);
        var search = new ConsumerOffsetHeaders.SearchOffset("t", 1, 1000, "UPPER");
        assertThat(roundTrip(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, search.encode(),
                ConsumerOffsetHeaders.SearchOffset::decode)).isEqualTo(search);
        var offset = new ConsumerOffsetHeaders.OffsetResponse(7);
        assertThat(roundTrip(ResponseCode.SUCCESS, offset.encode(), ConsumerOffsetHeaders.OffsetResponse::decode))
                .isEqualTo(offset);
        var time = new ConsumerOffsetHeaders.StoreTimeResponse(1_700_000_000_000L);
        assertThat(roundTrip(ResponseCode.SUCCESS, time.encode(), ConsumerOffsetHeaders.StoreTimeResponse::decode))
                .isEqualTo(time);
    }

    @Test
    void clientsAndConsumerAdmin() {
        var heartbeat = new ClientHeaders.HeartbeatResponse(true, true);
        assertThat(heartbeat.encode()).containsEntry("IS_SUPPORT_HEART_BEAT_V2", "true")
                .containsEntry("IS_SUB_CHANGE", "true");
        assertThat(roundTrip(ResponseCode.SUCCESS, heartbeat.encode(), ClientHeaders.HeartbeatResponse::decode))
                .isEqualTo(heartbeat);
        var unregister = new ClientHeaders.UnregisterClient("c1", null, "g");
        assertThat(roundTrip(RequestCode.UNREGISTER_CLIENT, unregister.encode(),
                ClientHeaders.UnregisterClient::decode)).isEqualTo(unregister);
        var group = new ClientHeaders.ConsumerGroupName("g");
        assertThat(roundTrip(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED, group.encode(),
                ClientHeaders.ConsumerGroupName::decode)).isEqualTo(group);

        var consumers = new ConsumerAdminHeaders.ConsumerConnections("g");
        assertThat(roundTrip(RequestCode.GET_CONSUMER_CONNECTION_LIST, consumers.encode(),
                ConsumerAdminHeaders.ConsumerConnections::decode)).isEqualTo(consumers);
        var producers = new ConsumerAdminHeaders.ProducerConnections("pg");
        assertThat(roundTrip(RequestCode.GET_PRODUCER_CONNECTION_LIST, producers.encode(),
                ConsumerAdminHeaders.ProducerConnections::decode)).isEqualTo(producers);
        var byWho = new ConsumerAdminHeaders.TopicConsumeByWho("t");
        assertThat(roundTrip(RequestCode.QUERY_TOPIC_CONSUME_BY_WHO, byWho.encode(),
                ConsumerAdminHeaders.TopicConsumeByWho::decode)).isEqualTo(byWho);
        var topics = new ConsumerAdminHeaders.TopicsByConsumer("g");
        assertThat(roundTrip(RequestCode.QUERY_TOPICS_BY_CONSUMER, topics.encode(),
                ConsumerAdminHeaders.TopicsByConsumer::decode)).isEqualTo(topics);
        var subscription = new ConsumerAdminHeaders.SubscriptionByConsumer("g", "t");
        assertThat(roundTrip(RequestCode.QUERY_SUBSCRIPTION_BY_CONSUMER, subscription.encode(),
                ConsumerAdminHeaders.SubscriptionByConsumer::decode)).isEqualTo(subscription);
        var running = new ConsumerAdminHeaders.ConsumerRunningInfo("g", "c1");
        assertThat(roundTrip(RequestCode.GET_CONSUMER_RUNNING_INFO, running.encode(),
                ConsumerAdminHeaders.ConsumerRunningInfo::decode)).isEqualTo(running);
    }

    @Test
    void topicsGroupsAndStats() {
        var create = new TopicAdminHeaders.CreateTopic("t", 8, 8, 6, "SINGLE_TAG", 0, true, "+message.type=FIFO");
        assertThat(roundTrip(RequestCode.UPDATE_AND_CREATE_TOPIC, create.encode(),
                TopicAdminHeaders.CreateTopic::decode)).isEqualTo(create);
        var topic = new TopicAdminHeaders.Topic("t");
        assertThat(roundTrip(RequestCode.GET_TOPIC_CONFIG, topic.encode(), TopicAdminHeaders.Topic::decode))
                .isEqualTo(topic);
        var getGroup = new SubscriptionGroupHeaders.GetConfig("g");
        assertThat(roundTrip(RequestCode.GET_SUBSCRIPTIONGROUP_CONFIG, getGroup.encode(),
                SubscriptionGroupHeaders.GetConfig::decode)).isEqualTo(getGroup);
        var deleteGroup = new SubscriptionGroupHeaders.Delete("g", true);
        assertThat(roundTrip(RequestCode.DELETE_SUBSCRIPTIONGROUP, deleteGroup.encode(),
                SubscriptionGroupHeaders.Delete::decode)).isEqualTo(deleteGroup);
        var topicStats = new QueueStatsHeaders.TopicStats("t");
        assertThat(roundTrip(RequestCode.GET_TOPIC_STATS_INFO, topicStats.encode(),
                QueueStatsHeaders.TopicStats::decode)).isEqualTo(topicStats);
        var consumeStats = new QueueStatsHeaders.ConsumeStats("g", null, "a,b");
        assertThat(consumeStats.encode()).doesNotContainKey("topic");
        assertThat(roundTrip(RequestCode.GET_CONSUME_STATS, consumeStats.encode(),
                QueueStatsHeaders.ConsumeStats::decode)).isEqualTo(consumeStats);
        var span = new QueueStatsHeaders.ConsumeTimeSpan("t", "g");
        assertThat(roundTrip(RequestCode.QUERY_CONSUME_TIME_SPAN, span.encode(),
                QueueStatsHeaders.ConsumeTimeSpan::decode)).isEqualTo(span);
        var config = new BrokerConfigHeaders.GetBrokerConfigResponse("{\"counter\":1}");
        assertThat(roundTrip(ResponseCode.SUCCESS, config.encode(),
                BrokerConfigHeaders.GetBrokerConfigResponse::decode)).isEqualTo(config);
    }

    @Test
    void offsetResetLeavesOutTheDefaultQueueAndOffset() {
        var oneQueue = new OffsetResetHeaders.ResetOffset("t", "g", -1, false, 2, 40);
        assertThat(roundTrip(RequestCode.INVOKE_BROKER_TO_RESET_OFFSET, oneQueue.encode(),
                OffsetResetHeaders.ResetOffset::decode)).isEqualTo(oneQueue);
        var all = OffsetResetHeaders.ResetOffset.allQueues("t", "g", 1000, true);
        assertThat(all.encode()).containsOnlyKeys("topic", "group", "timestamp", "isForce");
        assertThat(roundTrip(RequestCode.RESET_CONSUMER_CLIENT_OFFSET, all.encode(),
                OffsetResetHeaders.ResetOffset::decode)).isEqualTo(all);
    }

    @Test
    void transactionsSendBackAndPromotion() {
        var end = new TransactionHeaders.EndTransaction(8, "pg", 3, 4096, true, "m", "tx");
        assertThat(roundTrip(RequestCode.END_TRANSACTION, end.encode(), TransactionHeaders.EndTransaction::decode))
                .isEqualTo(end);
        var check = new TransactionHeaders.CheckTransactionState("RMQ_SYS_TRANS_HALF_TOPIC", 3, 4096, null, "tx",
                "off", "broker-a");
        assertThat(check.encode()).doesNotContainKey("msgId").containsEntry("bname", "broker-a");
        assertThat(roundTrip(RequestCode.CHECK_TRANSACTION_STATE, check.encode(),
                TransactionHeaders.CheckTransactionState::decode)).isEqualTo(check);
        var sendBack = new SendBackHeaders.SendBack("g", 4096, -1, 16);
        assertThat(roundTrip(RequestCode.CONSUMER_SEND_MSG_BACK, sendBack.encode(), SendBackHeaders.SendBack::decode))
                .isEqualTo(sendBack);
        var promote = new PromotionHeaders.PromoteSlaveToMaster("SYNC_MASTER", true);
        assertThat(roundTrip(RequestCode.PROMOTE_SLAVE_TO_MASTER, promote.encode(),
                PromotionHeaders.PromoteSlaveToMaster::decode)).isEqualTo(promote);
        assertThat(roundTrip(RequestCode.PROMOTE_SLAVE_TO_MASTER, null, PromotionHeaders.PromoteSlaveToMaster::decode))
                .isEqualTo(new PromotionHeaders.PromoteSlaveToMaster("ASYNC_MASTER", false));
    }

    @Test
    void nameServerAndKvConfig() {
        var register = new RegisterBrokerRequestHeader("b", "1.2.3.4:10911", "c", "1.2.3.4:10912", 0, 30_000L,
                false, false, 12345);
        assertThat(roundTrip(RequestCode.REGISTER_BROKER, register.encode(), RegisterBrokerRequestHeader::decode))
                .isEqualTo(register);
        var unregister = new UnregisterBrokerRequestHeader("b", "1.2.3.4:10911", "c", 1);
        assertThat(roundTrip(RequestCode.UNREGISTER_BROKER, unregister.encode(),
                UnregisterBrokerRequestHeader::decode)).isEqualTo(unregister);
        var registered = new NameServerHeaders.RegisterBrokerResponse("1.2.3.4:10911", "1.2.3.4:10912");
        assertThat(roundTrip(ResponseCode.SUCCESS, registered.encode(),
                NameServerHeaders.RegisterBrokerResponse::decode)).isEqualTo(registered);
        assertThat(new NameServerHeaders.RegisterBrokerResponse(null, null).encode()).isEmpty();
        var addr = new NameServerHeaders.BrokerAddr("1.2.3.4:10911");
        assertThat(roundTrip(RequestCode.BROKER_HEARTBEAT, addr.encode(), NameServerHeaders.BrokerAddr::decode))
                .isEqualTo(addr);
        var changed = new NameServerHeaders.QueryDataVersionResponse(true);
        assertThat(roundTrip(ResponseCode.SUCCESS, changed.encode(),
                NameServerHeaders.QueryDataVersionResponse::decode)).isEqualTo(changed);
        var topic = new NameServerHeaders.Topic("t");
        assertThat(roundTrip(RequestCode.GET_ROUTEINFO_BY_TOPIC, topic.encode(), NameServerHeaders.Topic::decode))
                .isEqualTo(topic);
        var delete = new NameServerHeaders.DeleteTopic("t", null);
        assertThat(roundTrip(RequestCode.DELETE_TOPIC_IN_NAMESRV, delete.encode(),
                NameServerHeaders.DeleteTopic::decode)).isEqualTo(delete);
        var cluster = new NameServerHeaders.TopicsByCluster("c");
        assertThat(roundTrip(RequestCode.GET_TOPICS_BY_CLUSTER, cluster.encode(),
                NameServerHeaders.TopicsByCluster::decode)).isEqualTo(cluster);
        var perm = new NameServerHeaders.WritePerm("b");
        assertThat(roundTrip(RequestCode.WIPE_WRITE_PERM_OF_BROKER, perm.encode(),
                NameServerHeaders.WritePerm::decode)).isEqualTo(perm);
        var wiped = new NameServerHeaders.WipeWritePermResponse(3);
        assertThat(roundTrip(ResponseCode.SUCCESS, wiped.encode(), NameServerHeaders.WipeWritePermResponse::decode))
                .isEqualTo(wiped);
        var added = new NameServerHeaders.AddWritePermResponse(3);
        assertThat(roundTrip(ResponseCode.SUCCESS, added.encode(), NameServerHeaders.AddWritePermResponse::decode))
                .isEqualTo(added);

        var put = new KvConfigHeaders.Put("ns", "k", "v");
        assertThat(roundTrip(RequestCode.PUT_KV_CONFIG, put.encode(), KvConfigHeaders.Put::decode)).isEqualTo(put);
        var key = new KvConfigHeaders.Key("ns", "k");
        assertThat(roundTrip(RequestCode.GET_KV_CONFIG, key.encode(), KvConfigHeaders.Key::decode)).isEqualTo(key);
        var value = new KvConfigHeaders.Value("v");
        assertThat(roundTrip(ResponseCode.SUCCESS, value.encode(), KvConfigHeaders.Value::decode)).isEqualTo(value);
        var namespace = new KvConfigHeaders.Namespace("ns");
        assertThat(roundTrip(RequestCode.GET_KVLIST_BY_NAMESPACE, namespace.encode(),
                KvConfigHeaders.Namespace::decode)).isEqualTo(namespace);
    }

    @Test
    void aMissingFieldIsNamedInItsSpelling() {
        assertThatThrownBy(() -> SendMessageHeaders.Request.decode(RemotingCommand.request(
                RequestCode.SEND_MESSAGE_V2, Map.of("a", "pg", "e", "0"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("missing header field 'b' in request code 310");
        assertThatThrownBy(() -> SendMessageHeaders.Request.decode(RemotingCommand.request(
                RequestCode.SEND_MESSAGE, Map.of("producerGroup", "pg", "queueId", "0"))))
                .hasMessage("missing header field 'topic' in request code 10");
        assertThatThrownBy(() -> KvConfigHeaders.Put.decode(RemotingCommand.request(RequestCode.PUT_KV_CONFIG)))
                .hasMessage("missing header field 'namespace' in request code 100");
    }

    @Test
    void aMalformedFieldIsNamedWithItsValue() {
        Map<String, String> fields = new LinkedHashMap<>(new PullMessageHeaders.Request("g", "t", 1, 10, 32, 1024,
                0, 0, 1000, null, "TAG", 0).encode());
        fields.put("queueOffset", "ten");
        assertThatThrownBy(() -> PullMessageHeaders.Request.decode(RemotingCommand.request(RequestCode.PULL_MESSAGE,
                fields))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("header field 'queueOffset' is not an integer: 'ten'");
        assertThatThrownBy(() -> SubscriptionGroupHeaders.Delete.decode(RemotingCommand.request(
                RequestCode.DELETE_SUBSCRIPTIONGROUP, Map.of("groupName", "g", "cleanOffset", "yes"))))
                .hasMessage("header field 'cleanOffset' is not true/false: 'yes'");
        assertThatThrownBy(() -> TransactionHeaders.EndTransaction.decode(RemotingCommand.request(
                RequestCode.END_TRANSACTION, Map.of("commitOrRollback", "8", "tranStateTableOffset", "x"))))
                .hasMessage("END_TRANSACTION header field tranStateTableOffset is not a number: x");
        assertThatThrownBy(() -> TransactionHeaders.EndTransaction.decode(RemotingCommand.request(
                RequestCode.END_TRANSACTION, Map.of("tranStateTableOffset", "1"))))
                .hasMessage("END_TRANSACTION header field commitOrRollback is missing");
    }
}
