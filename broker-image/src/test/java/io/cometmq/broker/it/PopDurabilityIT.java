package io.cometmq.broker.it;

import static io.cometmq.broker.it.Clients.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.ResponseCode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.rocketmq.client.consumer.AckStatus;
import org.apache.rocketmq.client.consumer.PopResult;
import org.apache.rocketmq.client.consumer.PopStatus;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * POP state is commit-log data: after a SIGKILL and restart, or after the slave is promoted in place of a killed
 * master, acked messages stay acked, unacked ones come back exactly once (reconsume times 1, same id), and the group
 * does not pop again what it popped before the fault (its offsets come back from the revive log).
 */
class PopDurabilityIT {

    private static final long INVISIBLE = 3_000;
    private static final Map<String, String> FAST_REVIVE = Map.of("reviveInterval", "200");

    @TempDir
    Path dir;

    @Test
    void afterKillMinus9AndRestartAckedStayAckedAndUnackedComeBackOnce() throws Exception {
        try (HaCluster ha = new HaCluster(dir)) {
            String name = "broker-popkill";
            // offsets are saved once a minute: after the kill they must come back from the revive log
            BrokerProcess broker = ha.broker("solo", name, "ASYNC_MASTER", Map.of("reviveInterval", "200",
                    "flushConsumerOffsetInterval", "60000")).start();
            DefaultMQProducer producer = ha.producer(Clients.unique("pop-kill-producer"));
            try {
                String topic = Clients.unique("PopKill");
                String group = Clients.unique("pop-kill");
                List<String> ids = send(producer, topic, 3);
                PopClient pop = new PopClient(producer, name, broker.address());
                List<MessageExt> popped = popAll(pop, topic, group, 3);
                MessageExt unacked = popped.stream().filter(m -> m.getMsgId().equals(ids.get(1))).findFirst()
                        .orElseThrow();
                for (MessageExt message : popped) {
                    if (message != unacked) {
                        assertThat(pop.ack(topic, group, message).getStatus()).isEqualTo(AckStatus.OK);
                    }
                }
                broker.kill(); // no offset flush, no checkpoint: pop state must come from the log
                broker.start();
                assertOnlyComesBack(pop, topic, group, unacked);
            } finally {
                producer.shutdown();
            }
        }
    }

    @Test
    void promotedSlaveRevivesWhatTheMasterHadPoppedAndNotWhatWasAcked() throws Exception {
        try (HaCluster ha = new HaCluster(dir)) {
            String name = "broker-popha";
            BrokerProcess master = ha.broker("master", name, "SYNC_MASTER", FAST_REVIVE).start();
            BrokerProcess slave = ha.broker("slave", name, "SLAVE", FAST_REVIVE).start();
            ha.awaitSlaveConnected(master);
            DefaultMQProducer producer = ha.producer(Clients.unique("pop-ha-producer"));
            try {
                String topic = Clients.unique("PopHa");
                String group = Clients.unique("pop-ha");
                List<String> ids = send(producer, topic, 3);
                PopClient onMaster = new PopClient(producer, name, master.address());
                List<MessageExt> popped = popAll(onMaster, topic, group, 3);
                MessageExt unacked = popped.stream().filter(m -> m.getMsgId().equals(ids.get(2))).findFirst()
                        .orElseThrow();
                for (MessageExt message : popped) {
                    if (message != unacked) {
                        assertThat(onMaster.ack(topic, group, message).getStatus()).isEqualTo(AckStatus.OK);
                    }
                }
                ha.awaitCaughtUp(master, slave); // the check point and the acks are on the slave
                master.kill();
                RemotingCommand promoted = ha.promote(slave, "ASYNC_MASTER", true);
                assertThat(promoted.code()).as(promoted.remark()).isEqualTo(ResponseCode.SUCCESS);
                assertOnlyComesBack(new PopClient(producer, name, slave.address()), topic, group, unacked);
            } finally {
                producer.shutdown();
            }
        }
    }

    /** Sends {@code n} messages (the first one creates the topic); returns their ids. */
    private static List<String> send(DefaultMQProducer producer, String topic, int n) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SendResult sent = producer.send(new Message(topic, bytes("m" + i)));
            assertThat(sent.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            ids.add(sent.getMsgId());
        }
        return ids;
    }

    /** Pops every queue until the {@code n} messages came (a new group starts at each queue's first message). */
    private static List<MessageExt> popAll(PopClient pop, String topic, String group, int n) {
        List<MessageExt> popped = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            PopResult result = pop.pop(topic, group, -1, 32, INVISIBLE, 0);
            if (result.getPopStatus() == PopStatus.FOUND) {
                popped.addAll(result.getMsgFoundList());
            }
            return popped.size() >= n;
        });
        return popped;
    }

    /**
     * Pops the topic and its retry topic until {@code unacked} came back, then for another invisible time plus revive
     * lag: it comes once, with reconsume times 1, and nothing else comes.
     */
    private static void assertOnlyComesBack(PopClient pop, String topic, String group, MessageExt unacked)
            throws Exception {
        List<MessageExt> seen = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            PopResult result = pop.pop(topic, group, -1, 32, 60_000, 0);
            if (result.getPopStatus() == PopStatus.FOUND) {
                seen.addAll(result.getMsgFoundList());
            }
            return !seen.isEmpty();
        });
        long end = System.currentTimeMillis() + INVISIBLE + 1_500;
        while (System.currentTimeMillis() < end) {
            PopResult result = pop.pop(topic, group, -1, 32, 60_000, Math.max(1, end - System.currentTimeMillis()));
            if (result.getPopStatus() == PopStatus.FOUND) {
                seen.addAll(result.getMsgFoundList());
            }
        }
        assertThat(seen).extracting(MessageExt::getMsgId).containsExactly(unacked.getMsgId());
        assertThat(seen.get(0).getReconsumeTimes()).isEqualTo(1);
    }
}
