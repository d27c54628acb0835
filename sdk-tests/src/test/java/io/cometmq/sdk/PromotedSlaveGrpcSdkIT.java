package io.cometmq.sdk;

import static io.cometmq.sdk.SdkClients.body;
import static io.cometmq.sdk.SdkClients.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.apache.rocketmq.client.apis.message.MessageView;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gRPC SDK scenarios against a slave promoted after its master was killed (SIGKILL, PROMOTE_SLAVE_TO_MASTER):
 * before the failover a group consumes part of a backlog over gRPC from the master; afterwards that group finishes
 * it on the promoted broker (its offsets and POP check points were replicated), and every shared scenario runs
 * against the promoted broker's gRPC endpoint.
 */
class PromotedSlaveGrpcSdkIT extends GrpcScenarios {

    private SdkCluster cluster;
    private String preTopic;
    private String preGroup;
    private final Set<String> preSent = new TreeSet<>();
    private final Set<String> preAcked = new TreeSet<>();

    @Override
    SdkCluster cluster() {
        return cluster;
    }

    @BeforeAll
    void startClusterAndFailOver() throws Exception {
        cluster = SdkCluster.masterSlave(Path.of("target", "sdk-it", unique("promoted")), unique("sdk-ha"));
        preTopic = topic("NORMAL");
        preGroup = unique("sdk_failover");
        try (SdkClients before = new SdkClients()) {
            ClientConfiguration master = SdkClients.config(cluster.endpoint(), false);
            Producer producer = before.producer(master, preTopic);
            for (int i = 0; i < 10; i++) {
                producer.send(message(preTopic, "pre-" + i).build());
                preSent.add("pre-" + i);
            }
            SimpleConsumer consumer = before.simpleConsumer(master, preGroup, preTopic);
            // part of the backlog (at most 3 of 10)
            for (MessageView view : receiveUntil(consumer, 3, INVISIBLE, got -> !got.isEmpty())) {
                consumer.ack(view);
                preAcked.add(body(view));
            }
        }
        String oldEndpoint = cluster.endpoint();
        cluster.failOver(preTopic);
        assertThat(cluster.endpoint()).isNotEqualTo(oldEndpoint);
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void groupFinishesOnThePromotedBrokerWhatItStartedOnTheMaster() throws Exception {
        assertThat(preAcked).isNotEmpty().hasSizeLessThan(preSent.size());
        SimpleConsumer consumer = clients.simpleConsumer(plaintext(), preGroup, preTopic);
        Set<String> acked = new TreeSet<>(preAcked);
        await().atMost(DEADLINE).until(() -> {
            List<MessageView> views = consumer.receive(16, INVISIBLE);
            for (MessageView view : views) {
                consumer.ack(view);
                acked.add(body(view));
            }
            return acked.containsAll(preSent);
        });
        assertThat(acked).isEqualTo(preSent);
    }
}
