package io.cometmq.bench.scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How one product's NameServer and broker are started: CometMQ from the fat jars, Apache RocketMQ from the jars
 * {@code bench/scale/apache-rocketmq/pom.xml} resolves. Same JVM flags for both.
 */
abstract class Product {

    private static final Pattern YAML_PLAIN = Pattern.compile("-?\\d+|true|false");

    private final String name;
    protected final String nameServerHeap;
    protected final String brokerHeap;
    protected final String runTag;

    Product(String name, String nameServerHeap, String brokerHeap, String runTag) {
        this.name = name;
        this.nameServerHeap = nameServerHeap;
        this.brokerHeap = brokerHeap;
        this.runTag = runTag;
    }

    String name() {
        return name;
    }

    abstract ChildJvm startNameServer(Path dir, String processName, int port) throws IOException;

    /** Starts a master with RocketMQ's key names; {@code config} gets the keys every broker needs added. */
    abstract ChildJvm startBroker(Path dir, String processName, Map<String, String> config) throws IOException;

    /** The keys both products get: identity, addresses, store, no auto-creation, 10 s re-registration. */
    static Map<String, String> brokerConfig(String brokerName, String namesrvAddr, int port, Path store) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("brokerClusterName", "ScaleCluster");
        config.put("brokerName", brokerName);
        config.put("brokerId", "0");
        config.put("namesrvAddr", namesrvAddr);
        config.put("brokerIP1", "127.0.0.1");
        config.put("listenPort", Integer.toString(port));
        config.put("storePathRootDir", store.toString());
        config.put("autoCreateTopicEnable", "false");
        config.put("registerNameServerPeriod", "10000"); // Apache's minimum: the full registration is seen sooner
        return config;
    }

    protected List<String> jvm(String heap, Path home) throws IOException {
        Files.createDirectories(home.resolve("tmp"));
        List<String> args = new ArrayList<>();
        args.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        args.add("-Xms" + heap);
        args.add("-Xmx" + heap);
        args.add("-XX:+UseG1GC");
        args.add("-Duser.home=" + home);
        args.add("-Djava.io.tmpdir=" + home.resolve("tmp"));
        args.add("-Dcometmq.bench.run=" + runTag); // pgrep -af cometmq.bench.run finds leftovers
        return args;
    }

    static final class CometMq extends Product {
        private final Path nameServerJar;
        private final Path brokerJar;

        CometMq(Path nameServerJar, Path brokerJar, String nameServerHeap, String brokerHeap, String runTag) {
            super("CometMQ", nameServerHeap, brokerHeap, runTag);
            this.nameServerJar = nameServerJar;
            this.brokerJar = brokerJar;
        }

        @Override
        ChildJvm startNameServer(Path dir, String processName, int port) throws IOException {
            List<String> command = jvm(nameServerHeap, dir.resolve("home").resolve(processName));
            command.addAll(List.of("-jar", nameServerJar.toString(), "--listen-port", Integer.toString(port)));
            return ChildJvm.start(processName, command, dir, Map.of());
        }

        @Override
        ChildJvm startBroker(Path dir, String processName, Map<String, String> config) throws IOException {
            Path yaml = dir.resolve(processName + ".yaml");
            Files.writeString(yaml, config.entrySet().stream()
                    .map(e -> e.getKey() + ": " + (YAML_PLAIN.matcher(e.getValue()).matches() ? e.getValue()
                            : '"' + e.getValue().replace("\\", "\\\\").replace("\"", "\\\"") + '"'))
                    .collect(Collectors.joining("\n", "", "\n")));
            List<String> command = jvm(brokerHeap, dir.resolve("home").resolve(processName));
            command.addAll(List.of("-jar", brokerJar.toString(), "--config", yaml.toString()));
            return ChildJvm.start(processName, command, dir, Map.of());
        }
    }

    static final class Apache extends Product {
        private final Path lib;

        Apache(String version, Path lib, String nameServerHeap, String brokerHeap, String runTag) {
            super("Apache RocketMQ " + version, nameServerHeap, brokerHeap, runTag);
            this.lib = lib;
        }

        @Override
        ChildJvm startNameServer(Path dir, String processName, int port) throws IOException {
            return launch(dir, processName, nameServerHeap, "org.apache.rocketmq.namesrv.NamesrvStartup",
                    Map.of("listenPort", Integer.toString(port), "bindAddress", "127.0.0.1"));
        }

        @Override
        ChildJvm startBroker(Path dir, String processName, Map<String, String> config) throws IOException {
            Map<String, String> withBind = new LinkedHashMap<>(config);
            withBind.put("bindAddress", "127.0.0.1"); // Apache binds 0.0.0.0 unless told otherwise
            return launch(dir, processName, brokerHeap, "org.apache.rocketmq.broker.BrokerStartup", withBind);
        }

        private ChildJvm launch(Path dir, String processName, String heap, String mainClass,
                Map<String, String> properties) throws IOException {
            Files.createDirectories(dir);
            Path conf = dir.resolve(processName + ".conf");
            Files.writeString(conf, properties.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("\n", "", "\n")));
            Path home = dir.resolve("home").resolve(processName);
            List<String> command = jvm(heap, home);
            command.add("-Dtls.server.mode=disabled"); // plaintext clients; skips generating a certificate
            command.addAll(List.of("-cp", lib.toAbsolutePath() + "/*", mainClass, "-c", conf.toString()));
            return ChildJvm.start(processName, command, dir, Map.of("ROCKETMQ_HOME", home.toString()));
        }
    }
}
