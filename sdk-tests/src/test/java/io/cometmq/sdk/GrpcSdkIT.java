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
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The gRPC SDK against a single master: the shared scenarios, the SDK's default TLS setting on the same port, and
 * consumption going on across a SIGKILL and restart of the broker.
 */
class GrpcSdkIT extends GrpcScenarios {

    private SdkCluster cluster;

    @Override
    SdkCluster cluster() {
        return cluster;
    }

    @BeforeAll
    void startCluster() throws Exception {
        cluster = SdkCluster.single(Path.of("target", "sdk-it", unique("single")), unique("sdk-broker"));
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void sdkDefaultTlsWorksOnTheSamePort() throws Exception {
        String topic = topic("NORMAL");
        // the SDK's default is TLS on (trusting any certificate): the gRPC port also speaks TLS
        ClientConfiguration tls = ClientConfiguration.newBuilder().setEndpoints(cluster.endpoint()).build();
        assertThat(tls.isSslEnabled()).isTrue();
        Producer producer = clients.producer(tls, topic);
        String id = producer.send(message(topic, "over-tls").build()).getMessageId().toString();
        SimpleConsumer consumer = clients.simpleConsumer(tls, unique("sdk_tls"), topic);
        MessageView view = receiveUntil(consumer, INVISIBLE, got -> !got.isEmpty()).get(0);
        assertThat(view.getMessageId().toString()).isEqualTo(id);
        consumer.ack(view);
    }

    /** Runs last: the broker is killed and restarted (same ports, same store) under a live SDK consumer. */
    @Test
    @Order(Integer.MAX_VALUE)
    void consumptionContinuesAfterBrokerRestart() throws Exception {
        String topic = topic("NORMAL");
        Producer producer = clients.producer(plaintext(), topic);
        Set<String> sent = new TreeSet<>();
        for (int i = 0; i < 10; i++) {
            producer.send(message(topic, "restart-" + i).build());
            sent.add("restart-" + i);
        }
        String group = unique("sdk_restart");
        SimpleConsumer consumer = clients.simpleConsumer(plaintext(), group, topic);
        Set<String> acked = new TreeSet<>();
        // part of the backlog before the crash (at most 3 of 10): what is received is acked
        List<MessageView> before = receiveUntil(consumer, 3, INVISIBLE, got -> !got.isEmpty());
        assertThat(before.size()).isLessThan(sent.size());
        for (MessageView view : before) {
            consumer.ack(view);
            acked.add(body(view));
        }

        cluster.restartMaster();

        // the same SDK consumer reconnects; unacked messages and the rest of the backlog arrive (at least once)
        await().atMost(DEADLINE).ignoreExceptions().until(() -> {
            for (MessageView view : consumer.receive(16, INVISIBLE)) {
                consumer.ack(view);
                acked.add(body(view));
            }
            return acked.containsAll(sent);
        });
        assertThat(acked).isEqualTo(sent);
        // and producing goes on too (the SDK's channel may still be backing off from the refused reconnects)
        String after = await().atMost(DEADLINE).ignoreExceptions()
                .until(() -> producer.send(message(topic, "after-restart").build()).getMessageId().toString(),
                        id -> id != null);
        MessageView view = receiveUntil(consumer, INVISIBLE,
                got -> got.stream().anyMatch(v -> v.getMessageId().toString().equals(after))).stream()
                .filter(v -> v.getMessageId().toString().equals(after)).findFirst().orElseThrow();
        assertThat(body(view)).isEqualTo("after-restart");

        // the clients' telemetry sessions, broken by the kill, are back: the restarted broker lists them again (a
        // gRPC producer's group is its topic). Also what lets them close: SDK 5.0.8 renews a broken session every
        // second, and a renewal that fires during close() opens a stream close() never ends (it then waits forever)
        String master = cluster.master().address();
        await().atMost(DEADLINE).until(() -> cluster.admin().hasConsumerConnection(master, group)
                && cluster.admin().hasProducerConnection(master, topic));
    }
}
