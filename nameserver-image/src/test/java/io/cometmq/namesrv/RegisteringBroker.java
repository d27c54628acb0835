package io.cometmq.namesrv;

import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.body.DataVersion;
import io.cometmq.protocol.body.RegisterBrokerBody;
import io.cometmq.protocol.body.RegisterBrokerBodyCodec;
import io.cometmq.protocol.body.TopicConfig;
import io.cometmq.protocol.body.TopicConfigSerializeWrapper;
import io.cometmq.protocol.header.ControllerEpochFields;
import io.cometmq.protocol.header.RegisterBrokerRequestHeader;
import io.cometmq.protocol.header.UnregisterBrokerRequestHeader;
import io.cometmq.protocol.netty.RemotingClient;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Test double of a broker's NameServer side: registers over its own connection through our protocol client,
 * exactly the requests a broker sends, so the NameServer can be checked with the Apache admin tool. Shared with
 * the operator's tests (this module's test-jar), whose NameServer requests need a registered group.
 */
public final class RegisteringBroker implements AutoCloseable {

    public final String cluster;
    public final String name;
    public final long id;
    public final String addr;
    private final Map<String, TopicConfig> topics = new TreeMap<>();
    private final RemotingClient client = new RemotingClient();
    private DataVersion version = new DataVersion(0, System.currentTimeMillis(), 0);

    public RegisteringBroker(String cluster, String name, long id, String addr, String... topicNames) {
        this.cluster = cluster;
        this.name = name;
        this.id = id;
        this.addr = addr;
        for (String topic : topicNames) {
            topics.put(topic, TopicConfig.of(topic, 4, 6));
        }
    }

    public void addTopic(TopicConfig topic) {
        topics.put(topic.topicName(), topic);
        version = version.next(System.currentTimeMillis());
    }

    /** Sends REGISTER_BROKER and returns the response (masterAddr/haServerAddr for slaves). */
    public RemotingCommand register(String nameServer) throws Exception {
        return register(nameServer, null);
    }

    /**
     * REGISTER_BROKER as a managed broker sends it: with its controller epoch ({@code cometmqEpoch}; null: without,
     * as an unmanaged broker). The response carries {@code cometmqMasterEpoch} and, if refused the master slot,
     * {@code cometmqMasterRefused=true}.
     */
    public RemotingCommand register(String nameServer, Integer controllerEpoch) throws Exception {
        byte[] body = RegisterBrokerBodyCodec.encode(new RegisterBrokerBody(
                TopicConfigSerializeWrapper.of(topics, version), List.of()));
        String host = addr.substring(0, addr.indexOf(':'));
        int port = Integer.parseInt(addr.substring(addr.indexOf(':') + 1));
        RegisterBrokerRequestHeader header = new RegisterBrokerRequestHeader(name, addr, cluster,
                host + ":" + (port + 1), id, null, false, false, RegisterBrokerBodyCodec.crc32(body));
        Map<String, String> fields = new TreeMap<>(header.encode());
        if (controllerEpoch != null) {
            fields.put(ControllerEpochFields.EPOCH, controllerEpoch.toString());
        }
        RemotingCommand response = client.invokeSync(nameServer,
                RemotingCommand.request(RequestCode.REGISTER_BROKER, fields).body(body), 3000);
        if (response.code() != ResponseCode.SUCCESS) {
            throw new IllegalStateException("registration refused: " + response);
        }
        return response;
    }

    /** A managed broker's lease heartbeat (BROKER_HEARTBEAT with its epoch); returns the response as it is. */
    public RemotingCommand leaseHeartbeat(String nameServer, int controllerEpoch) throws Exception {
        return client.invokeSync(nameServer, RemotingCommand.request(RequestCode.BROKER_HEARTBEAT, Map.of(
                "brokerAddr", addr, "brokerName", name, "clusterName", cluster, "brokerId", Long.toString(id),
                ControllerEpochFields.EPOCH, Integer.toString(controllerEpoch))), 3000);
    }

    public void unregister(String nameServer) throws Exception {
        client.invokeSync(nameServer, RemotingCommand.request(RequestCode.UNREGISTER_BROKER,
                new UnregisterBrokerRequestHeader(name, addr, cluster, id).encode()), 3000);
    }

    /** Drops the connection, as a crashed broker's socket would be closed by its kernel. */
    public void disconnect(String nameServer) {
        client.closeConnection(nameServer);
    }

    @Override
    public void close() {
        client.close();
    }
}
