package io.cometmq.broker;

import io.cometmq.protocol.config.BrokerConfigKeys;
import io.cometmq.protocol.config.ConfigException;
import io.cometmq.protocol.config.Settings;
import io.cometmq.protocol.tls.TlsFileException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.cometmq.broker.grpc.GrpcEndpoint;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar cometmq-broker.jar --config broker.yaml} (or a RocketMQ {@code broker.conf}). Settings come from
 * defaults, then the config file, then COMETMQ_* environment variables, then flags.
 */
@Command(name = "cometmq-broker", mixinStandardHelpOptions = true, version = "CometMQ broker 0.1.0",
        description = "Runs a CometMQ broker that RocketMQ clients can send to and consume from.")
public final class BrokerMain implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(BrokerMain.class);

    static {
        // rocketmq-proto 2.1.2 is protoc-3.19 gencode: protobuf-java 3.25 would warn once per message type
        System.setProperty(GrpcEndpoint.PRE22_GENCODE_PROPERTY, "true");
    }

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "broker.yaml, or a RocketMQ broker.conf (properties); keys use RocketMQ's names")
    Path configFile;

    @Option(names = "--listen-port", paramLabel = "PORT", description = "remoting port (default 10911)")
    Integer listenPort;

    @Option(names = {"-n", "--namesrv-addr"}, paramLabel = "ADDRS", description = "NameServers, host:port;host:port")
    String namesrvAddr;

    @Option(names = "--broker-ip", paramLabel = "HOST", description = "address clients use to reach this broker")
    String brokerIp;

    @Option(names = "--store-path", paramLabel = "DIR", description = "storePathRootDir")
    String storePath;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BrokerMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        BrokerConfig config;
        try {
            config = loadConfig(System.getenv());
        } catch (ConfigException e) {
            System.err.println("cometmq-broker: configuration error: " + e.getMessage());
            return 2;
        }
        config.ignoredKeys().forEach(key ->
                log.warn("config key '{}' is a RocketMQ setting that CometMQ does not use; ignored", key));
        if (config.namesrvAddrs().isEmpty()) {
            log.warn("namesrvAddr is empty: the broker will not register anywhere and clients cannot find it");
        }
        logFileLimit();
        BrokerServer broker;
        try {
            broker = new BrokerServer(config, Clock.systemUTC());
        } catch (TlsFileException e) {
            System.err.println("cometmq-broker: cannot start: " + e.getMessage());
            return 1;
        }
        InetSocketAddress bound;
        try {
            bound = broker.start();
        } catch (ConfigException e) { // e.g. the role file of a managed broker is missing or malformed
            System.err.println("cometmq-broker: configuration error: " + e.getMessage());
            broker.close();
            return 2;
        } catch (RuntimeException e) {
            System.err.println("cometmq-broker: cannot start: " + e.getMessage());
            log.error("start-up failed", e);
            broker.close();
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("shutting down: unregistering from NameServers, then closing the store");
            broker.close();
            System.out.println("CometMQ broker stopped");
            System.out.flush();
            stopped.countDown();
        }, "broker-shutdown"));
        log.info("effective settings ({} keys):{}", config.asMap().size(), settingsBlock(config.asMap()));
        String line = "CometMQ broker " + config.brokerName() + " (id " + broker.role().brokerId() + ", "
                + broker.role().role() + ") listening on " + config.brokerIP1() + ":" + bound.getPort();
        System.out.println(line);
        log.info(line);
        stopped.await();
        return 0;
    }

    BrokerConfig loadConfig(Map<String, String> env) {
        Settings settings = configFile == null ? Settings.empty() : Settings.fromFile(configFile);
        settings = settings.overlay(Settings.fromEnvironment(env, "COMETMQ_", BrokerConfigKeys.readNames()));
        Map<String, String> flags = new LinkedHashMap<>();
        if (listenPort != null) {
            flags.put("listenPort", listenPort.toString());
        }
        if (namesrvAddr != null) {
            flags.put("namesrvAddr", namesrvAddr);
        }
        if (brokerIp != null) {
            flags.put("brokerIP1", brokerIp);
        }
        if (storePath != null) {
            flags.put("storePathRootDir", storePath);
        }
        return BrokerConfig.from(settings.overlay(Settings.fromMap(flags, "command-line flags")));
    }

    /** One {@code key=value} line per key, indented, so a support request can quote the whole block. */
    static String settingsBlock(Map<String, String> settings) {
        StringBuilder block = new StringBuilder();
        settings.forEach((key, value) -> block.append("\n  ").append(key).append('=').append(value));
        return block.toString();
    }

    /** The open-file limit matters for many connections and mapped files; the entrypoint raises it, we report it. */
    private static void logFileLimit() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean os) {
            log.info("open file limit (nofile): {}", os.getMaxFileDescriptorCount());
        }
    }
}
