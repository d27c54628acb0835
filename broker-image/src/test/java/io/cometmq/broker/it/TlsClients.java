package io.cometmq.broker.it;

import java.nio.file.Path;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.remoting.RPCHook;
import org.apache.rocketmq.remoting.netty.TlsSystemConfig;

/**
 * Apache 5.3.3 clients over TLS, configured as a user would with {@code -Dtls.enable=true -Dtls.test.mode.enable=false
 * -Dtls.client.authServer=true -Dtls.client.trustCertPath=ca.crt}: {@link TlsSystemConfig}'s fields are read when a
 * client starts, so they are set right before and restored by {@link #reset()}.
 */
final class TlsClients {

    private static final boolean TEST_MODE = TlsSystemConfig.tlsTestModeEnable;
    private static final boolean AUTH_SERVER = TlsSystemConfig.tlsClientAuthServer;
    private static final String TRUST = TlsSystemConfig.tlsClientTrustCertPath;

    private TlsClients() {
    }

    /** A started producer whose connections (NameServer and broker) use TLS, trusting only {@code ca}. */
    static DefaultMQProducer producer(String nameServer, Path ca, RPCHook hook) throws MQClientException {
        trust(ca);
        DefaultMQProducer producer = hook == null ? new DefaultMQProducer(Clients.unique("tls-producer"))
                : new DefaultMQProducer(Clients.unique("tls-producer"), hook);
        producer.setNamesrvAddr(nameServer);
        producer.setInstanceName(Clients.unique("tls-producer"));
        producer.setUseTLS(true);
        producer.setRetryTimesWhenSendFailed(0);
        producer.setSendMsgTimeout(5_000);
        producer.start();
        return producer;
    }

    /** A plain producer (no TLS) that tries each send once. */
    static DefaultMQProducer plainProducer(String nameServer) throws MQClientException {
        DefaultMQProducer producer = Clients.unstartedProducer(nameServer, Clients.unique("plain-producer"));
        producer.setRetryTimesWhenSendFailed(0);
        producer.setSendMsgTimeout(5_000);
        producer.start();
        return producer;
    }

    /** A push consumer over TLS, not started. */
    static DefaultMQPushConsumer pushConsumer(String nameServer, String group, Path ca) {
        trust(ca);
        DefaultMQPushConsumer consumer = Clients.pushConsumer(nameServer, group);
        consumer.setUseTLS(true);
        return consumer;
    }

    private static void trust(Path ca) {
        TlsSystemConfig.tlsTestModeEnable = false;
        TlsSystemConfig.tlsClientAuthServer = true;
        TlsSystemConfig.tlsClientTrustCertPath = ca.toString();
    }

    static void reset() {
        TlsSystemConfig.tlsTestModeEnable = TEST_MODE;
        TlsSystemConfig.tlsClientAuthServer = AUTH_SERVER;
        TlsSystemConfig.tlsClientTrustCertPath = TRUST;
    }
}
