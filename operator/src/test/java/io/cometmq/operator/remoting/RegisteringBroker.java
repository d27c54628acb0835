package io.cometmq.operator.remoting;

import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.body.DataVersion;
import io.cometmq.protocol.body.RegisterBrokerBody;
import io.cometmq.protocol.body.RegisterBrokerBodyCodec;
import io.cometmq.protocol.body.TopicConfig;
import io.cometmq.protocol.body.TopicConfigSerializeWrapper;
import io.cometmq.protocol.header.RegisterBrokerRequestHeader;
import io.cometmq.protocol.netty.RemotingClient;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Plays a broker towards a NameServer: sends REGISTER_BROKER through our protocol client, as a real broker
 * does, so the operator's NameServer requests see a registered group. No broker behind it answers anything.
 */
final class RegisteringBroker implements AutoCloseable {
  final String cluster;
  final String name;
  final long id;
  final String addr;
  private final Map<String, TopicConfig> topics = new TreeMap<>();
  private final RemotingClient client = new RemotingClient();

  RegisteringBroker(String cluster, String name, long id, String addr, String... topicNames) {
    this.cluster = cluster;
    this.name = name;
    this.id = id;
    this.addr = addr;
    for (String topic : topicNames) {
      topics.put(topic, TopicConfig.of(topic, 4, TopicConfig.PERM_READ | TopicConfig.PERM_WRITE));
    }
  }

  void register(String nameServer) throws Exception {
    byte[] body = RegisterBrokerBodyCodec.encode(new RegisterBrokerBody(
        TopicConfigSerializeWrapper.of(topics, new DataVersion(0, System.currentTimeMillis(), 0)), List.of()));
    String host = addr.substring(0, addr.indexOf(':'));
    int port = Integer.parseInt(addr.substring(addr.indexOf(':') + 1));
    RegisterBrokerRequestHeader header = new RegisterBrokerRequestHeader(name, addr, cluster,
        host + ":" + (port + 1), id, null, false, false, RegisterBrokerBodyCodec.crc32(body));
    RemotingCommand response = client.invokeSync(nameServer,
        RemotingCommand.request(RequestCode.REGISTER_BROKER, header.encode()).body(body), 3000);
    if (response.code() != ResponseCode.SUCCESS) {
      throw new IllegalStateException("registration refused: " + response);
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
