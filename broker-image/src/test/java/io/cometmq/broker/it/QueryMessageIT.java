package io.cometmq.broker.it;

import static io.cometmq.broker.it.Clients.bytes;
import static io.cometmq.broker.it.Clients.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.rocketmq.client.QueryResult;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DefaultMQAdminExt lookups: by business key (QUERY_MESSAGE), by offset id (VIEW_MESSAGE_BY_ID), by UNIQ_KEY. */
class QueryMessageIT {

    @TempDir
    Path dir;

    @Test
    void messagesAreFoundByKeyByOffsetIdAndByUniqueKey() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir)) {
            cluster.startBroker("broker-a");
            String topic = Clients.unique("Query");
            String orderKey = Clients.unique("order");
            List<SendResult> results = new ArrayList<>();
            DefaultMQProducer producer = Clients.producer(cluster.nameServerAddr(), Clients.unique("query-producer"));
            DefaultMQAdminExt admin = cluster.admin();
            try {
                for (int i = 0; i < 5; i++) {
                    // the shared key is one of two space-separated keys
                    Message message = new Message(topic, "TagA", orderKey + " item-" + i, bytes("query-body-" + i));
                    SendResult result = producer.send(message);
                    assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
                    results.add(result);
                }
                producer.send(new Message(topic, "TagA", "other-key", bytes("unrelated")));
                long begin = System.currentTimeMillis() - 60_000;
                long end = System.currentTimeMillis() + 60_000;

                // the index is written by the dispatcher, shortly after the send returns
                QueryResult byKey = await().atMost(Duration.ofSeconds(20)).until(
                        () -> admin.queryMessage(topic, orderKey, 32, begin, end),
                        result -> result.getMessageList().size() == 5);
                assertThat(byKey.getMessageList()).extracting(m -> text(m.getBody()))
                        .containsExactlyInAnyOrder("query-body-0", "query-body-1", "query-body-2", "query-body-3",
                                "query-body-4");
                assertThat(byKey.getMessageList()).allMatch(m -> m.getTopic().equals(topic));

                QueryResult bySecondKey = admin.queryMessage(topic, "item-3", 32, begin, end);
                assertThat(bySecondKey.getMessageList()).extracting(m -> text(m.getBody()))
                        .containsExactly("query-body-3");

                for (int i = 0; i < results.size(); i++) {
                    SendResult sent = results.get(i);
                    MessageExt viewed = admin.viewMessage(topic, sent.getOffsetMsgId());
                    assertThat(text(viewed.getBody())).isEqualTo("query-body-" + i);
                    assertThat(viewed.getMsgId()).isEqualTo(sent.getMsgId());
                    assertThat(Clients.offsetMsgId(viewed)).isEqualTo(sent.getOffsetMsgId());
                    assertThat(viewed.getKeys()).isEqualTo(orderKey + " item-" + i);

                    QueryResult byUniqueKey = admin.queryMessageByUniqKey("TestCluster", topic, sent.getMsgId(), 32,
                            begin, end);
                    assertThat(byUniqueKey.getMessageList()).extracting(m -> text(m.getBody()))
                            .containsExactly("query-body-" + i);
                    assertThat(text(admin.queryMessage("TestCluster", topic, sent.getMsgId()).getBody()))
                            .isEqualTo("query-body-" + i);
                }
            } finally {
                admin.shutdown();
                producer.shutdown();
            }
        }
    }
}
