package io.cometmq.broker.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import io.cometmq.protocol.body.MessageQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.rocketmq.client.consumer.AllocateMessageQueueStrategy;
import org.apache.rocketmq.client.consumer.rebalance.AllocateMessageQueueAveragely;
import org.apache.rocketmq.client.consumer.rebalance.AllocateMessageQueueAveragelyByCircle;
import org.junit.jupiter.api.Test;

/** The broker-side allocation gives each client what Apache's client-side strategies of the same name give it. */
class QueueAllocationTest {

    private static List<MessageQueue> queues(int perBroker) {
        List<MessageQueue> queues = new ArrayList<>();
        for (String broker : List.of("broker-a", "broker-b")) {
            for (int id = 0; id < perBroker; id++) {
                queues.add(new MessageQueue("t", broker, id));
            }
        }
        return queues;
    }

    private static List<String> clients(int count) {
        List<String> clients = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            clients.add("10.0.0." + i + "@" + i);
        }
        clients.sort(null);
        return clients;
    }

    private static List<MessageQueue> apache(AllocateMessageQueueStrategy strategy, String client,
            List<MessageQueue> queues, List<String> clients) {
        List<org.apache.rocketmq.common.message.MessageQueue> all = queues.stream()
                .map(q -> new org.apache.rocketmq.common.message.MessageQueue(q.topic(), q.brokerName(), q.queueId()))
                .toList();
        return strategy.allocate("g", client, all, clients).stream()
                .map(q -> new MessageQueue(q.getTopic(), q.getBrokerName(), q.getQueueId())).toList();
    }

    @Test
    void averagelyAndByCircleMatchApachesStrategiesForEverySizeUpToTenByTen() {
        for (int perBroker = 1; perBroker <= 5; perBroker++) {
            for (int clientCount = 1; clientCount <= 10; clientCount++) {
                List<MessageQueue> queues = queues(perBroker);
                List<String> clients = clients(clientCount);
                for (String client : clients) {
                    assertThat(QueueAllocation.allocate(QueueAllocation.AVERAGELY, client, queues, clients))
                            .isEqualTo(apache(new AllocateMessageQueueAveragely(), client, queues, clients));
                    assertThat(QueueAllocation.allocate(QueueAllocation.AVERAGELY_BY_CIRCLE, client, queues,
                            clients)).isEqualTo(apache(new AllocateMessageQueueAveragelyByCircle(), client, queues,
                            clients));
                }
            }
        }
        assertThat(new AllocateMessageQueueAveragely().getName()).isEqualTo(QueueAllocation.AVERAGELY);
        assertThat(new AllocateMessageQueueAveragelyByCircle().getName()).isEqualTo(QueueAllocation.AVERAGELY_BY_CIRCLE);
    }

    @Test
    void aClientNotInTheGroupGetsNothing() {
        assertThat(QueueAllocation.allocate(QueueAllocation.AVERAGELY, "stranger", queues(2), clients(2))).isEmpty();
    }

    @Test
    void popWithoutSharingLetsEveryClientPopEveryBroker() {
        List<MessageQueue> all = QueueAllocation.allocateForPop(QueueAllocation.AVERAGELY, clients(3).get(0),
                queues(4), clients(3), 0);
        assertThat(Set.copyOf(all)).containsExactlyInAnyOrder(new MessageQueue("t", "broker-a", -1),
                new MessageQueue("t", "broker-b", -1));
    }

    @Test
    void popSharingAddsTheQueuesOfTheNextClients() {
        List<String> clients = clients(4);
        List<MessageQueue> queues = queues(4);
        Set<MessageQueue> first = Set.copyOf(QueueAllocation.allocateForPop(QueueAllocation.AVERAGELY,
                clients.get(0), queues, clients, 1));
        Set<MessageQueue> expected = List.of(0, 1).stream().flatMap(i -> QueueAllocation.allocate(
                QueueAllocation.AVERAGELY, clients.get(i), queues, clients).stream()).collect(Collectors.toSet());
        assertThat(first).isEqualTo(expected).hasSize(4);
        // more clients than queues: one queue each, round-robin
        List<String> many = clients(10);
        assertThat(QueueAllocation.allocateForPop(QueueAllocation.AVERAGELY, many.get(5), queues(2), many, 1))
                .containsExactly(queues(2).get(1));
    }
}
