package io.cometmq.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.cometmq.broker.BrokerServer;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.netty.RemotingClient;
import io.cometmq.protocol.tls.ClientTls;
import io.cometmq.protocol.tls.TestCertificates;
import io.netty.channel.Channel;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS on the broker's and NameServer's remoting ports and on the HA port, judged by the Apache 5.3.3 client: modes,
 * trust, certificate rotation, replication and registration over TLS. No key ever reaches the log.
 */
class TlsIT {

    @TempDir
    Path dir;

    private TestCertificates.Authority ca;
    private TestCertificates.Issued first;
    private TestCertificates.SecretVolume volume;
    private LogCapture logs;

    @BeforeEach
    void certificates() throws Exception {
        logs = new LogCapture();
        ca = TestCertificates.newAuthority(dir, "ca");
        first = ca.issue(dir, "broker1");
        volume = new TestCertificates.SecretVolume(dir.resolve("tls"));
        volume.publish(first);
    }

    @AfterEach
    void noKeyInTheLog() throws Exception {
        TlsClients.reset();
        logs.close();
        String keyBody = TestCertificates.pemBody(first.keyPath());
        assertThat(logs.lines()).noneMatch(line -> line.contains(keyBody.substring(0, 40)));
    }

    @Test
    void enforcingBrokerServesTlsClientsAndRefusesPlainOnes() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir, server("permissive"))) {
            cluster.startBroker("broker-a", merge(server("enforcing"), client()));
            String ns = cluster.nameServerAddr();
            DefaultMQProducer tls = TlsClients.producer(ns, ca.certPath(), null);
            DefaultMQProducer plain = TlsClients.plainProducer(ns);
            try {
                Set<String> sent = sendTen(tls, "TlsTopic");
                Set<String> received = ConcurrentHashMap.newKeySet();
                DefaultMQPushConsumer consumer = TlsClients.pushConsumer(ns, Clients.unique("tls-group"),
                        ca.certPath());
                consumer.subscribe("TlsTopic", "*");
                consumer.registerMessageListener(Clients.addingBodiesTo(received));
                consumer.start();
                try {
                    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(received).isEqualTo(sent));
                } finally {
                    consumer.shutdown();
                }
                // the plain client gets its route from the permissive NameServer, then the broker refuses it
                assertThatThrownBy(() -> plain.send(new Message("TlsTopic", Clients.bytes("plain"))))
                        .isInstanceOf(Exception.class);
            } finally {
                tls.shutdown();
                plain.shutdown();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> !logs.lines(Level.WARN, "TLS handshake with").isEmpty());
            assertThat(logs.lines(Level.WARN, "TLS handshake with")).first().asString()
                    .contains("plain (non-TLS)").contains("enforcing");
        }
    }

    @Test
    void permissiveBrokerServesTlsAndPlainClients() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir, server("permissive"))) {
            cluster.startBroker("broker-a", server("permissive"));
            DefaultMQProducer tls = TlsClients.producer(cluster.nameServerAddr(), ca.certPath(), null);
            DefaultMQProducer plain = TlsClients.plainProducer(cluster.nameServerAddr());
            try {
                assertThat(sendTen(tls, "MixedTopic")).hasSize(10);
                assertThat(sendTen(plain, "MixedTopic")).hasSize(10);
            } finally {
                tls.shutdown();
                plain.shutdown();
            }
        }
    }

    @Test
    void plainBrokerRefusesTlsClients() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir, server("permissive"))) {
            cluster.startBroker("broker-a", Map.of());
            DefaultMQProducer tls = TlsClients.producer(cluster.nameServerAddr(), ca.certPath(), null);
            DefaultMQProducer plain = TlsClients.plainProducer(cluster.nameServerAddr());
            try {
                assertThat(sendTen(plain, "PlainTopic")).hasSize(10);
                assertThatThrownBy(() -> tls.send(new Message("PlainTopic", Clients.bytes("tls"))))
                        .isInstanceOf(Exception.class);
            } finally {
                tls.shutdown();
                plain.shutdown();
            }
        }
    }

    @Test
    void enforcingNameServerTakesTheBrokersRegistrationOverTls() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir, server("enforcing"))) {
            cluster.startBroker("broker-a", merge(server("permissive"), client()));
            DefaultMQProducer tls = TlsClients.producer(cluster.nameServerAddr(), ca.certPath(), null);
            DefaultMQProducer plain = TlsClients.plainProducer(cluster.nameServerAddr());
            try {
                assertThat(sendTen(tls, "RegisteredTopic")).hasSize(10); // the route came from a TLS registration
                assertThatThrownBy(() -> plain.send(new Message("RegisteredTopic", Clients.bytes("plain"))))
                        .isInstanceOf(Exception.class);
            } finally {
                tls.shutdown();
                plain.shutdown();
            }
        }
    }

    @Test
    void clientTrustingOnlyItsCaRefusesAServerCertificateFromAnotherCa() throws Exception {
        TestCertificates.Issued foreign = TestCertificates.newAuthority(dir, "other-ca").issue(dir, "foreign");
        TestCertificates.SecretVolume foreignVolume = new TestCertificates.SecretVolume(dir.resolve("foreign-tls"));
        foreignVolume.publish(foreign);
        try (LocalCluster cluster = new LocalCluster(dir, server("permissive"))) {
            Map<String, String> broker = new HashMap<>(server("enforcing"));
            broker.put("tls.server.certPath", foreignVolume.certPath().toString());
            broker.put("tls.server.keyPath", foreignVolume.keyPath().toString());
            cluster.startBroker("broker-a", broker);
            DefaultMQProducer tls = TlsClients.producer(cluster.nameServerAddr(), ca.certPath(), null);
            try {
                assertThatThrownBy(() -> tls.send(new Message("ForeignTopic", Clients.bytes("tls"))))
                        .isInstanceOf(Exception.class);
            } finally {
                tls.shutdown();
            }
        }
    }

    @Test
    void rotatedCertificateReachesNewConnectionsWhileOpenOnesKeepWorking() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir, server("permissive"));
                RemotingClient open = new RemotingClient(RemotingClient.Config.defaults()
                        .withTls(ClientTls.trusting(ca.certPath())))) {
            BrokerServer broker = cluster.startBroker("broker-a", server("enforcing"));
            int port = broker.boundAddress().getPort();
            String address = "127.0.0.1:" + port;
            assertThat(runtimeInfo(open, address)).isEqualTo(ResponseCode.SUCCESS);
            Channel before = open.channel(address).get();
            DefaultMQProducer producer = TlsClients.producer(cluster.nameServerAddr(), ca.certPath(), null);
            try {
                sendTen(producer, "RotationTopic");
                assertThat(TestCertificates.serverCertificateSerial("127.0.0.1", port)).isEqualTo(first.serial());

                TestCertificates.Issued second = ca.issue(dir, "broker2");
                volume.publish(second);
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() ->
                        TestCertificates.serverCertificateSerial("127.0.0.1", port).equals(second.serial()));

                assertThat(runtimeInfo(open, address)).isEqualTo(ResponseCode.SUCCESS);
                assertThat(open.channel(address).get()).isSameAs(before);
                sendTen(producer, "RotationTopic"); // the producer's connection from before the rotation
            } finally {
                producer.shutdown();
            }
            DefaultMQProducer fresh = TlsClients.producer(cluster.nameServerAddr(), ca.certPath(), null);
            try {
                sendTen(fresh, "RotationTopic");
            } finally {
                fresh.shutdown();
            }
        }
    }

    @Test
    void replicationRunsOverTlsAndTheHaPortRefusesPlainPeers() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir, server("permissive"))) {
            BrokerServer master = cluster.startBroker("broker-a",
                    merge(server("enforcing"), client(), Map.of("brokerRole", "SYNC_MASTER")));
            BrokerServer slave = cluster.startBroker("broker-a",
                    merge(server("enforcing"), client(), Map.of("brokerRole", "SLAVE", "brokerId", "1")));
            await().atMost(Duration.ofSeconds(30)).until(() -> slave.replication().fetcher().isConnected());
            DefaultMQProducer producer = TlsClients.producer(cluster.nameServerAddr(), ca.certPath(), null);
            try {
                sendTen(producer, "HaTlsTopic"); // SEND_OK from a SYNC_MASTER: the slave has the bytes
            } finally {
                producer.shutdown();
            }
            assertThat(slave.store().commitLogMaxOffset()).isEqualTo(master.store().commitLogMaxOffset());
            assertThat(logs.lines(Level.INFO, "connected over TLS")).isNotEmpty();

            try (Socket plain = new Socket("127.0.0.1", master.replication().haPort())) {
                plain.setSoTimeout(10_000);
                DataOutputStream out = new DataOutputStream(plain.getOutputStream());
                out.writeInt(0x434D5148); // a plain hello
                out.writeLong(0);
                out.writeInt(0);
                out.flush();
                InputStream in = plain.getInputStream();
                byte[] answer = in.readNBytes(4);
                // a TLS alert or nothing, never the replication welcome
                assertThat(answer.length == 4 && answer[0] == 'C' && answer[1] == 'M').isFalse();
            }
        }
    }

    private static Set<String> sendTen(DefaultMQProducer producer, String topic) throws Exception {
        Set<String> bodies = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 10; i++) {
            String body = topic + "-" + System.nanoTime() + "-" + i;
            assertThat(producer.send(new Message(topic, Clients.bytes(body))).getSendStatus())
                    .isEqualTo(SendStatus.SEND_OK);
            bodies.add(body);
        }
        return bodies;
    }

    private static int runtimeInfo(RemotingClient client, String address) throws Exception {
        return client.invokeSync(address, RemotingCommand.request(RequestCode.GET_BROKER_RUNTIME_INFO), 5_000).code();
    }

    /** The tls.server.* settings of a broker or NameServer serving the mounted certificate. */
    private Map<String, String> server(String mode) {
        return Map.of("tls.server.mode", mode, "tls.server.certPath", volume.certPath().toString(),
                "tls.server.keyPath", volume.keyPath().toString(), "tlsReloadInterval", "200");
    }

    /** The tls.enable / tls.client.* settings of a broker trusting only the test CA. */
    private Map<String, String> client() {
        return Map.of("tls.enable", "true", "tls.client.authServer", "true", "tls.client.trustCertPath",
                ca.certPath().toString());
    }

    @SafeVarargs
    private static Map<String, String> merge(Map<String, String>... maps) {
        Map<String, String> merged = new HashMap<>();
        for (Map<String, String> map : maps) {
            merged.putAll(map);
        }
        return merged;
    }
}
