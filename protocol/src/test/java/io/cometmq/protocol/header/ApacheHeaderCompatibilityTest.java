package io.cometmq.protocol.header;

import static org.assertj.core.api.Assertions.assertThat;

import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import java.util.HashMap;
import java.util.Map;
import org.apache.rocketmq.common.BoundaryType;
import org.apache.rocketmq.remoting.CommandCustomHeader;
import org.apache.rocketmq.remoting.protocol.header.CheckTransactionStateRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.ConsumerSendMsgBackRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.CreateTopicRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.EndTransactionRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.GetConsumeStatsRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.PullMessageRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.PullMessageResponseHeader;
import org.apache.rocketmq.remoting.protocol.header.QueryConsumerOffsetRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.QueryMessageResponseHeader;
import org.apache.rocketmq.remoting.protocol.header.ResetOffsetRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.SearchOffsetRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.SendMessageRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.SendMessageRequestHeaderV2;
import org.apache.rocketmq.remoting.protocol.header.SendMessageResponseHeader;
import org.apache.rocketmq.remoting.protocol.header.UpdateConsumerOffsetRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.namesrv.PutKVConfigRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.namesrv.RegisterBrokerRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.namesrv.RegisterBrokerResponseHeader;
import org.apache.rocketmq.remoting.protocol.header.namesrv.WipeWritePermOfBrokerRequestHeader;
import org.junit.jupiter.api.Test;

/**
 * The Apache 5.3.3 header classes judge the field names: what their {@code makeCustomHeaderToNet} writes, our
 * {@code decode} reads, and what our {@code encode} writes, their {@code decodeCommandCustomHeader} accepts.
 */
class ApacheHeaderCompatibilityTest {

    /** The ext fields an Apache client puts on the wire for {@code header}. */
    private static Map<String, String> apacheFields(CommandCustomHeader header) {
        var command = org.apache.rocketmq.remoting.protocol.RemotingCommand.createRequestCommand(0, header);
        command.makeCustomHeaderToNet();
        return command.getExtFields();
    }

    /** Our fields read by an Apache broker or client. */
    private static <T extends CommandCustomHeader> T apacheDecode(Map<String, String> fields, Class<T> type)
            throws Exception {
        var command = org.apache.rocketmq.remoting.protocol.RemotingCommand.createRequestCommand(0, null);
        command.setExtFields(new HashMap<>(fields));
        return type.cast(command.decodeCommandCustomHeader(type));
    }

    private static SendMessageRequestHeader apacheSend() {
        SendMessageRequestHeader header = new SendMessageRequestHeader();
        header.setProducerGroup("pg");
        header.setTopic("%RETRY%g");
        header.setDefaultTopic("TBW102");
        header.setDefaultTopicQueueNums(4);
        header.setQueueId(3);
        header.setSysFlag(1);
        header.setBornTimestamp(1_700_000_000_000L);
        header.setFlag(7);
        header.setProperties("WAIT\u0001true\u0002TAGS\u0001TagA\u0002");
        header.setReconsumeTimes(2);
        header.setMaxReconsumeTimes(16);
        header.setBatch(true);
        header.setBrokerName("broker-a");
        return header;
    }

    private static final SendMessageHeaders.Request OUR_SEND = new SendMessageHeaders.Request("pg", "%RETRY%g",
            "TBW102", 4, 3, 1, 1_700_000_000_000L, 7, "WAIT\u0001true\u0002TAGS\u0001TagA\u0002", 2, 16, true);

    @Test
    void sendV1() throws Exception {
        assertThat(SendMessageHeaders.Request.decode(RemotingCommand.request(RequestCode.SEND_MESSAGE,
                apacheFields(apacheSend())))).isEqualTo(OUR_SEND);

        SendMessageRequestHeader apache = apacheDecode(OUR_SEND.encodeV1(), SendMessageRequestHeader.class);
        assertThat(apache).usingRecursiveComparison().ignoringFields("brokerName", "bname", "unitMode")
                .isEqualTo(apacheSend());
    }

    @Test
    void sendV2ShortNames() throws Exception {
        SendMessageRequestHeaderV2 v2 = SendMessageRequestHeaderV2.createSendMessageRequestHeaderV2(apacheSend());
        assertThat(SendMessageHeaders.Request.decode(RemotingCommand.request(RequestCode.SEND_MESSAGE_V2,
                apacheFields(v2)))).isEqualTo(OUR_SEND);

        SendMessageRequestHeader back = SendMessageRequestHeaderV2.createSendMessageRequestHeaderV1(
                apacheDecode(OUR_SEND.encodeV2(), SendMessageRequestHeaderV2.class));
        assertThat(back).usingRecursiveComparison().ignoringFields("brokerName", "bname", "unitMode")
                .isEqualTo(apacheSend());
    }

    @Test
    void sendResponse() throws Exception {
        SendMessageHeaders.Response ours = new SendMessageHeaders.Response("0A00000100002A9F0000000000001234", 3,
                41, "7F000001ABCD", "DefaultRegion", false);
        SendMessageResponseHeader apache = apacheDecode(ours.encode(), SendMessageResponseHeader.class);
        assertThat(apache.getMsgId()).isEqualTo(ours.msgId());
        assertThat(apache.getQueueId()).isEqualTo(3);
        assertThat(apache.getQueueOffset()).isEqualTo(41L);
        assertThat(apache.getTransactionId()).isEqualTo("7F000001ABCD");

        Map<String, String> fields = new HashMap<>(apacheFields(apache));
        fields.put("MSG_REGION", "DefaultRegion");
        fields.put("TRACE_ON", "false");
        assertThat(SendMessageHeaders.Response.decode(RemotingCommand.request(ResponseCode.SUCCESS, fields)))
                .isEqualTo(ours);
    }

    @Test
    void pullRequestAndResponse() throws Exception {
        PullMessageRequestHeader apache = new PullMessageRequestHeader();
        apache.setConsumerGroup("g");
        apache.setTopic("t");
        apache.setQueueId(2);
        apache.setQueueOffset(100L);
        apache.setMaxMsgNums(32);
        apache.setMaxMsgBytes(4096);
        apache.setSysFlag(3);
        apache.setCommitOffset(90L);
        apache.setSuspendTimeoutMillis(20_000L);
        apache.setSubscription("TagA || TagB");
        apache.setSubVersion(5L);
        apache.setExpressionType("TAG");
        PullMessageHeaders.Request ours = new PullMessageHeaders.Request("g", "t", 2, 100, 32, 4096, 3, 90, 20_000,
                "TagA || TagB", "TAG", 5);

        assertThat(PullMessageHeaders.Request.decode(RemotingCommand.request(RequestCode.PULL_MESSAGE,
                apacheFields(apache)))).isEqualTo(ours);
        assertThat(apacheDecode(ours.encode(), PullMessageRequestHeader.class)).usingRecursiveComparison()
                .isEqualTo(apache);

        PullMessageHeaders.Response answer = new PullMessageHeaders.Response(1, 101, 0, 150);
        PullMessageResponseHeader apacheAnswer = apacheDecode(answer.encode(), PullMessageResponseHeader.class);
        assertThat(apacheAnswer.getSuggestWhichBrokerId()).isEqualTo(1L);
        assertThat(apacheAnswer.getNextBeginOffset()).isEqualTo(101L);
        assertThat(apacheAnswer.getMinOffset()).isEqualTo(0L);
        assertThat(apacheAnswer.getMaxOffset()).isEqualTo(150L);
        assertThat(PullMessageHeaders.Response.decode(RemotingCommand.request(ResponseCode.SUCCESS,
                apacheFields(apacheAnswer)))).isEqualTo(answer);
    }

    @Test
    void queryConsumerOffset() throws Exception {
        QueryConsumerOffsetRequestHeader apache = new QueryConsumerOffsetRequestHeader();
        apache.setConsumerGroup("g");
        apache.setTopic("t");
        apache.setQueueId(1);
        apache.setSetZeroIfNotFound(false);
        var ours = new ConsumerOffsetHeaders.QueryConsumerOffset("g", "t", 1, false);

        assertThat(ConsumerOffsetHeaders.QueryConsumerOffset.decode(RemotingCommand.request(
                RequestCode.QUERY_CONSUMER_OFFSET, apacheFields(apache)))).isEqualTo(ours);
        assertThat(apacheDecode(ours.encode(), QueryConsumerOffsetRequestHeader.class)).usingRecursiveComparison()
                .isEqualTo(apache);
    }

    @Test
    void updateConsumerOffset() throws Exception {
        UpdateConsumerOffsetRequestHeader apache = new UpdateConsumerOffsetRequestHeader();
        apache.setConsumerGroup("g");
        apache.setTopic("t");
        apache.setQueueId(1);
        apache.setCommitOffset(77L);
        var ours = new ConsumerOffsetHeaders.UpdateConsumerOffset("g", "t", 1, 77);

        assertThat(ConsumerOffsetHeaders.UpdateConsumerOffset.decode(RemotingCommand.request(
                RequestCode.UPDATE_CONSUMER_OFFSET, apacheFields(apache)))).isEqualTo(ours);
        assertThat(apacheDecode(ours.encode(), UpdateConsumerOffsetRequestHeader.class)).usingRecursiveComparison()
                .isEqualTo(apache);
    }

    @Test
    void registerBroker() throws Exception {
        RegisterBrokerRequestHeader apache = new RegisterBrokerRequestHeader();
        apache.setBrokerName("broker-a");
        apache.setBrokerAddr("10.0.0.1:10911");
        apache.setClusterName("DefaultCluster");
        apache.setHaServerAddr("10.0.0.1:10912");
        apache.setBrokerId(1L);
        apache.setHeartbeatTimeoutMillis(30_000L);
        apache.setEnableActingMaster(false);
        apache.setCompressed(true);
        apache.setBodyCrc32(-123);
        var ours = new io.cometmq.protocol.header.RegisterBrokerRequestHeader("broker-a", "10.0.0.1:10911",
                "DefaultCluster", "10.0.0.1:10912", 1, 30_000L, false, true, -123);

        assertThat(io.cometmq.protocol.header.RegisterBrokerRequestHeader.decode(RemotingCommand.request(
                RequestCode.REGISTER_BROKER, apacheFields(apache)))).isEqualTo(ours);
        assertThat(apacheDecode(ours.encode(), RegisterBrokerRequestHeader.class)).usingRecursiveComparison()
                .isEqualTo(apache);
    }

    @Test
    void registerBrokerWithAnExternalAddressStillDecodesInApache() throws Exception {
        var ours = new io.cometmq.protocol.header.RegisterBrokerRequestHeader("broker-a", "10.0.0.1:10911",
                "DefaultCluster", "10.0.0.1:10912", 0, 30_000L, false, false, 7, "203.0.113.5:30911");
        assertThat(ours.encode()).containsEntry("brokerExternalAddr", "203.0.113.5:30911");
        // an Apache NameServer reads the fields it knows and ignores the extension
        RegisterBrokerRequestHeader apache = apacheDecode(ours.encode(), RegisterBrokerRequestHeader.class);
        assertThat(apache.getBrokerAddr()).isEqualTo("10.0.0.1:10911");
        assertThat(apache.getBodyCrc32()).isEqualTo(7);
        assertThat(io.cometmq.protocol.header.RegisterBrokerRequestHeader.decode(RemotingCommand.request(
                RequestCode.REGISTER_BROKER, ours.encode()))).isEqualTo(ours);
        // what an Apache broker sends has none
        assertThat(io.cometmq.protocol.header.RegisterBrokerRequestHeader.decode(RemotingCommand.request(
                RequestCode.REGISTER_BROKER, apacheFields(apache))).brokerExternalAddr()).isNull();
    }

    @Test
    void searchOffsetAndQueryMessageResponse() throws Exception {
        SearchOffsetRequestHeader search = new SearchOffsetRequestHeader();
        search.setTopic("t");
        search.setQueueId(1);
        search.setTimestamp(1_700_000_000_000L);
        search.setBoundaryType(BoundaryType.UPPER);
        var ours = new ConsumerOffsetHeaders.SearchOffset("t", 1, 1_700_000_000_000L, "UPPER");
        assertThat(ConsumerOffsetHeaders.SearchOffset.decode(RemotingCommand.request(
                RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, apacheFields(search)))).isEqualTo(ours);
        assertThat(apacheDecode(ours.encode(), SearchOffsetRequestHeader.class)).usingRecursiveComparison()
                .isEqualTo(search);

        var answer = new QueryMessageHeaders.QueryResponse(5, 6);
        QueryMessageResponseHeader apacheAnswer = apacheDecode(answer.encode(), QueryMessageResponseHeader.class);
        assertThat(apacheAnswer.getIndexLastUpdateTimestamp()).isEqualTo(5L);
        assertThat(apacheAnswer.getIndexLastUpdatePhyoffset()).isEqualTo(6L);
    }

    @Test
    void transactionHeaders() throws Exception {
        EndTransactionRequestHeader end = new EndTransactionRequestHeader();
        end.setProducerGroup("pg");
        end.setTranStateTableOffset(3L);
        end.setCommitLogOffset(4096L);
        end.setCommitOrRollback(8);
        end.setFromTransactionCheck(true);
        end.setMsgId("m");
        end.setTransactionId("tx");
        var ours = new TransactionHeaders.EndTransaction(8, "pg", 3, 4096, true, "m", "tx");
        assertThat(TransactionHeaders.EndTransaction.decode(RemotingCommand.request(RequestCode.END_TRANSACTION,
                apacheFields(end)))).isEqualTo(ours);
        assertThat(apacheDecode(ours.encode(), EndTransactionRequestHeader.class)).usingRecursiveComparison()
                .isEqualTo(end);

        var check = new TransactionHeaders.CheckTransactionState("RMQ_SYS_TRANS_HALF_TOPIC", 3, 4096, "m", "tx",
                "off", "broker-a");
        CheckTransactionStateRequestHeader apacheCheck = apacheDecode(check.encode(),
                CheckTransactionStateRequestHeader.class);
        assertThat(apacheCheck.getTranStateTableOffset()).isEqualTo(3L);
        assertThat(apacheCheck.getCommitLogOffset()).isEqualTo(4096L);
        assertThat(apacheCheck.getOffsetMsgId()).isEqualTo("off");
        assertThat(apacheCheck.getBrokerName()).isEqualTo("broker-a");
        assertThat(TransactionHeaders.CheckTransactionState.decode(RemotingCommand.request(
                RequestCode.CHECK_TRANSACTION_STATE, apacheFields(apacheCheck)))).isEqualTo(check);
    }

    @Test
    void sendBackAndOffsetReset() throws Exception {
        ConsumerSendMsgBackRequestHeader sendBack = new ConsumerSendMsgBackRequestHeader();
        sendBack.setGroup("g");
        sendBack.setOffset(4096L);
        sendBack.setDelayLevel(0);
        sendBack.setMaxReconsumeTimes(3);
        var ours = new SendBackHeaders.SendBack("g", 4096, 0, 3);
        assertThat(SendBackHeaders.SendBack.decode(RemotingCommand.request(RequestCode.CONSUMER_SEND_MSG_BACK,
                apacheFields(sendBack)))).isEqualTo(ours);
        assertThat(apacheDecode(ours.encode(), ConsumerSendMsgBackRequestHeader.class)).usingRecursiveComparison()
                .isEqualTo(sendBack);

        ResetOffsetRequestHeader reset = new ResetOffsetRequestHeader();
        reset.setTopic("t");
        reset.setGroup("g");
        reset.setTimestamp(1000L);
        reset.setForce(false);
        reset.setQueueId(2);
        reset.setOffset(40L);
        var ourReset = new OffsetResetHeaders.ResetOffset("t", "g", 1000, false, 2, 40);
        assertThat(OffsetResetHeaders.ResetOffset.decode(RemotingCommand.request(
                RequestCode.INVOKE_BROKER_TO_RESET_OFFSET, apacheFields(reset)))).isEqualTo(ourReset);
        assertThat(apacheDecode(ourReset.encode(), ResetOffsetRequestHeader.class)).usingRecursiveComparison()
                .isEqualTo(reset);
    }

    @Test
    void adminRequestsTheOperatorAndMqadminSend() throws Exception {
        GetConsumeStatsRequestHeader stats = new GetConsumeStatsRequestHeader();
        stats.setConsumerGroup("g");
        stats.setTopic("t");
        assertThat(QueueStatsHeaders.ConsumeStats.decode(RemotingCommand.request(RequestCode.GET_CONSUME_STATS,
                apacheFields(stats)))).isEqualTo(new QueueStatsHeaders.ConsumeStats("g", "t", null));
        assertThat(apacheDecode(new QueueStatsHeaders.ConsumeStats("g", "t", null).encode(),
                GetConsumeStatsRequestHeader.class)).usingRecursiveComparison().isEqualTo(stats);

        WipeWritePermOfBrokerRequestHeader wipe = new WipeWritePermOfBrokerRequestHeader();
        wipe.setBrokerName("broker-a");
        assertThat(NameServerHeaders.WritePerm.decode(RemotingCommand.request(RequestCode.WIPE_WRITE_PERM_OF_BROKER,
                apacheFields(wipe)))).isEqualTo(new NameServerHeaders.WritePerm("broker-a"));
        assertThat(apacheDecode(new NameServerHeaders.WritePerm("broker-a").encode(),
                WipeWritePermOfBrokerRequestHeader.class)).usingRecursiveComparison().isEqualTo(wipe);

        CreateTopicRequestHeader create = new CreateTopicRequestHeader();
        create.setTopic("t");
        create.setDefaultTopic("TBW102");
        create.setReadQueueNums(8);
        create.setWriteQueueNums(4);
        create.setPerm(6);
        create.setTopicFilterType("SINGLE_TAG");
        create.setTopicSysFlag(0);
        create.setOrder(true);
        create.setAttributes("+message.type=FIFO");
        assertThat(TopicAdminHeaders.CreateTopic.decode(RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC,
                apacheFields(create)))).isEqualTo(new TopicAdminHeaders.CreateTopic("t", 8, 4, 6, "SINGLE_TAG", 0,
                true, "+message.type=FIFO"));

        PutKVConfigRequestHeader put = new PutKVConfigRequestHeader();
        put.setNamespace("ORDER_TOPIC_CONFIG");
        put.setKey("t");
        put.setValue("broker-a:4");
        var ourPut = new KvConfigHeaders.Put("ORDER_TOPIC_CONFIG", "t", "broker-a:4");
        assertThat(KvConfigHeaders.Put.decode(RemotingCommand.request(RequestCode.PUT_KV_CONFIG, apacheFields(put))))
                .isEqualTo(ourPut);
        assertThat(apacheDecode(ourPut.encode(), PutKVConfigRequestHeader.class)).usingRecursiveComparison()
                .isEqualTo(put);

        var registered = new NameServerHeaders.RegisterBrokerResponse("10.0.0.1:10911", "10.0.0.1:10912");
        RegisterBrokerResponseHeader apacheRegistered = apacheDecode(registered.encode(),
                RegisterBrokerResponseHeader.class);
        assertThat(apacheRegistered.getMasterAddr()).isEqualTo("10.0.0.1:10911");
        assertThat(apacheRegistered.getHaServerAddr()).isEqualTo("10.0.0.1:10912");
    }
}
