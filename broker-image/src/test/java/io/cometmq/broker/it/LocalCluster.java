package io.cometmq.broker.it;

import io.cometmq.broker.BrokerConfig;
import io.cometmq.broker.BrokerServer;
import io.cometmq.namesrv.NameServer;
import io.cometmq.namesrv.NameServerConfig;
import io.cometmq.protocol.config.Settings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;

/**
 * A NameServer and brokers in this JVM on loopback ports, each broker with its own store under {@code dir}.
 * Clients under test are the unmodified Apache RocketMQ ones.
 */
public final class LocalCluster implements AutoCloseable {

    private final Path dir;
    private final NameServer nameServer;
    private final String nameServerAddr;
    private final List<BrokerServer> brokers = new ArrayList<>();
    private final Map<BrokerServer, Map<String, String>> settingsOf = new IdentityHashMap<>();

    public LocalCluster(Path dir) throws Exception {
        this(dir, Map.of());
    }

    /** @param nameServerSettings overrides of the NameServer's settings (e.g. authentication) */
    public LocalCluster(Path dir, Map<String, String> nameServerSettings) throws Exception {
        this.dir = dir;
        Map<String, String> settings = new LinkedHashMap<>(Map.of("listenHost", "127.0.0.1", "listenPort", "0"));
        settings.putAll(nameServerSettings);
        nameServer = new NameServer(NameServerConfig.from(Settings.fromMap(settings, "test")), Clock.systemUTC());
        nameServerAddr = "127.0.0.1:" + nameServer.start().getPort();
    }

    public String nameServerAddr() {
        return nameServerAddr;
    }

    /** The NameServer's external listener (externalListenPort), host:port; fails when it has none. */
    public String externalNameServerAddr() {
        java.net.InetSocketAddress external = nameServer.externalAddress().orElseThrow(() ->
                new IllegalStateException("the NameServer has no external listener (externalListenPort)"));
        return external.getAddress().getHostAddress() + ":" + external.getPort();
    }

    /** Starts a master broker named {@code name}; {@code extra} overrides any broker setting. */
    public BrokerServer startBroker(String name, Map<String, String> extra) throws Exception {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("brokerName", name);
        settings.put("brokerClusterName", "TestCluster");
        settings.put("namesrvAddr", nameServerAddr);
        settings.put("brokerIP1", "127.0.0.1");
        settings.put("listenHost", "127.0.0.1");
        settings.put("listenPort", "0");
        settings.put("storePathRootDir", dir.resolve(name + "-" + brokers.size()).toString());
        settings.put("mappedFileSizeCommitLog", Integer.toString(16 * 1024 * 1024));
        settings.put("mappedFileSizeConsumeQueue", Integer.toString(20 * 10_000));
        settings.putAll(extra);
        return start(settings);
    }

    private BrokerServer start(Map<String, String> settings) throws Exception {
        BrokerServer broker = new BrokerServer(BrokerConfig.from(Settings.fromMap(settings, "test")),
                Clock.systemUTC());
        broker.start();
        brokers.add(broker);
        settingsOf.put(broker, settings);
        return broker;
    }

    /**
     * Stops {@code broker} gracefully ({@link BrokerServer#close()}) and starts a new one with the same settings, store
     * directory and client port, so clients find it again at the address they know.
     */
    public BrokerServer restartBroker(BrokerServer broker) throws Exception {
        Map<String, String> settings = new LinkedHashMap<>(settingsOf.remove(broker));
        brokers.remove(broker);
        int port = broker.boundAddress().getPort();
        broker.close();
        settings.put("listenPort", Integer.toString(port));
        settings.putIfAbsent("haListenPort", "0"); // as before: an ephemeral HA port, not port + 1
        return start(settings);
    }

    public BrokerServer startBroker(String name) throws Exception {
        return startBroker(name, Map.of());
    }

    /** A started admin client pointed at this cluster; the caller shuts it down. */
    public DefaultMQAdminExt admin() throws Exception {
        DefaultMQAdminExt admin = new DefaultMQAdminExt(5000);
        admin.setNamesrvAddr(nameServerAddr);
        admin.setInstanceName("admin-" + System.nanoTime());
        admin.start();
        return admin;
    }

    @Override
    public void close() {
        brokers.forEach(BrokerServer::close);
        nameServer.close();
    }
}
