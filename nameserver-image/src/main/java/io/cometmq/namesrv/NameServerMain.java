package io.cometmq.namesrv;

import io.cometmq.protocol.config.ConfigException;
import io.cometmq.protocol.config.Settings;
import io.cometmq.protocol.tls.TlsFileException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar cometmq-nameserver.jar [--config nameserver.yaml] [--listen-port 9876]}. Settings come from
 * defaults, then the config file, then COMETMQ_* environment variables, then flags.
 */
@Command(name = "cometmq-nameserver", mixinStandardHelpOptions = true, version = "CometMQ NameServer 0.1.0",
        description = "Runs a CometMQ NameServer: the route registry RocketMQ clients and brokers talk to.")
public final class NameServerMain implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(NameServerMain.class);

    @Option(names = "--config", paramLabel = "FILE", description = "YAML config file (keys as in RocketMQ: listenPort, scanNotActiveBrokerInterval, brokerExpiredTime, ...)")
    Path configFile;

    @Option(names = "--listen-port", paramLabel = "PORT", description = "Remoting port (default 9876)")
    Integer listenPort;

    @Option(names = "--listen-host", paramLabel = "HOST", description = "Address to bind (default 0.0.0.0)")
    String listenHost;

    public static void main(String[] args) {
        System.exit(new CommandLine(new NameServerMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        NameServerConfig config;
        try {
            config = loadConfig(System.getenv());
        } catch (ConfigException e) {
            System.err.println("cometmq-nameserver: configuration error: " + e.getMessage());
            return 2;
        }
        NameServer nameServer;
        try {
            nameServer = new NameServer(config, Clock.systemUTC());
        } catch (TlsFileException e) {
            System.err.println("cometmq-nameserver: cannot start: " + e.getMessage());
            return 1;
        }
        InetSocketAddress bound;
        try {
            bound = nameServer.start();
        } catch (IllegalStateException e) {
            System.err.println("cometmq-nameserver: " + e.getMessage());
            nameServer.close();
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("shutting down");
            nameServer.close();
            System.out.println("CometMQ NameServer stopped");
            System.out.flush();
            stopped.countDown();
        }, "namesrv-shutdown"));
        log.info("settings: {}", config.asMap());
        String line = "CometMQ NameServer listening on " + config.listenHost() + ":" + bound.getPort();
        System.out.println(line);
        log.info(line);
        nameServer.externalAddress().ifPresent(external -> {
            String externalLine = "CometMQ NameServer external listener on " + config.externalListenHost() + ":"
                    + external.getPort() + " (route answers carry brokers' external addresses)";
            System.out.println(externalLine);
            log.info(externalLine);
        });
        stopped.await();
        return 0;
    }

    NameServerConfig loadConfig(Map<String, String> env) {
        Settings settings = configFile == null ? Settings.empty() : Settings.fromFile(configFile);
        settings = settings.overlay(Settings.fromEnvironment(env, "COMETMQ_", NameServerConfig.KEYS));
        Map<String, String> flags = new LinkedHashMap<>();
        if (listenPort != null) {
            flags.put("listenPort", listenPort.toString());
        }
        if (listenHost != null) {
            flags.put("listenHost", listenHost);
        }
        return NameServerConfig.from(settings.overlay(Settings.fromMap(flags, "command-line flags")));
    }
}
