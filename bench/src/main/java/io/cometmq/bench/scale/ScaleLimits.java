package io.cometmq.bench.scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Scale limits of CometMQ against Apache RocketMQ (issue #17 item 3): many topics on one broker (creation, full
 * registration, restart, heap), a NameServer holding many topics on several groups (registration, route queries),
 * and memory per idle connection. Prints a markdown section; {@code --out FILE} appends it to a file too.
 */
@Command(name = "scale-limits", mixinStandardHelpOptions = true,
        description = "Broker and NameServer cost with many topics and many idle connections, per product.")
public final class ScaleLimits implements Callable<Integer> {

    @Option(names = "--targets", split = ",", defaultValue = "cometmq,apache",
            description = "products, in run order: cometmq, apache (default: ${DEFAULT-VALUE})")
    List<String> targets;

    @Option(names = "--topics", defaultValue = "10000", description = "topics (default: ${DEFAULT-VALUE})")
    int topics;

    @Option(names = "--queues", defaultValue = "8", description = "queues per topic (default: ${DEFAULT-VALUE})")
    int queues;

    @Option(names = "--groups", defaultValue = "4",
            description = "broker groups registered with the measured NameServer (default: ${DEFAULT-VALUE})")
    int groups;

    @Option(names = "--route-queries", defaultValue = "20000",
            description = "timed GET_ROUTEINFO_BY_TOPIC queries (default: ${DEFAULT-VALUE})")
    int routeQueries;

    @Option(names = "--connections", defaultValue = "10000",
            description = "idle connections to the broker and to the NameServer; 0 skips (default: ${DEFAULT-VALUE})")
    int connections;

    @Option(names = "--parts", split = ",", defaultValue = "topics,namesrv",
            description = "topics (creation, restart, heap, connections), namesrv (default: ${DEFAULT-VALUE})")
    List<String> parts;

    @Option(names = "--create-budget", defaultValue = "600",
            description = "seconds of one-by-one topic creation; the rest is created by lists (default: ${DEFAULT-VALUE})")
    long createBudgetSeconds;

    @Option(names = "--namesrv-heap", defaultValue = "1g") String nameServerHeap;

    @Option(names = "--broker-heap", defaultValue = "2g") String brokerHeap;

    @Option(names = "--apache-version", defaultValue = "5.5.0",
            description = "resolved by bench/scale/apache-rocketmq/pom.xml (default: ${DEFAULT-VALUE})")
    String apacheVersion;

    @Option(names = "--repo-root", defaultValue = ".") Path repoRoot;

    @Option(names = "--out", defaultValue = "-", description = "file to append the section to; - prints only")
    String out;

    @Override
    public Integer call() throws Exception {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path work = repoRoot.resolve("bench/target/scale/work").resolve(stamp).toAbsolutePath();
        String load = Files.readString(Path.of("/proc/loadavg")).trim();
        List<TopicScale.Result> topicResults = new ArrayList<>();
        List<NameServerScale.Result> nameServerResults = new ArrayList<>();
        List<String> connectionRows = new ArrayList<>();
        for (String target : targets) {
            Product product = product(target, "scale-" + stamp);
            Path dir = work.resolve(target);
            try {
                if (parts.contains("topics")) {
                    TopicScale.Result result = new TopicScale(product, dir, topics, queues,
                            Duration.ofSeconds(createBudgetSeconds), connections).run();
                    topicResults.add(result);
                    connectionRows.addAll(ConnectionCost.rows(product.name(), result.connections()));
                }
                if (parts.contains("namesrv")) {
                    nameServerResults.add(new NameServerScale(product, dir, topics, groups, routeQueries).run());
                }
            } finally {
                deleteRecursively(dir.resolve("store"));
            }
        }
        String section = report(stamp, load, topicResults, nameServerResults, connectionRows);
        System.out.println(section);
        if (!"-".equals(out)) {
            Files.writeString(repoRoot.resolve(out), "\n" + section, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
        return 0;
    }

    private Product product(String target, String runTag) {
        return switch (target) {
            case "cometmq" -> new Product.CometMq(repoRoot.resolve("nameserver-image/target/cometmq-nameserver.jar")
                    .toAbsolutePath(), repoRoot.resolve("broker-image/target/cometmq-broker.jar").toAbsolutePath(),
                    nameServerHeap, brokerHeap, runTag);
            case "apache" -> {
                Path lib = repoRoot.resolve("bench/target/scale/apache-rocketmq-" + apacheVersion + "/lib");
                if (!Files.isRegularFile(lib.resolve("rocketmq-broker-" + apacheVersion + ".jar"))) {
                    throw new CommandLine.ParameterException(new CommandLine(this), "--targets apache: "
                            + "rocketmq-broker-" + apacheVersion + ".jar not in " + lib + " (bench/scale.sh resolves it)");
                }
                yield new Product.Apache(apacheVersion, lib, nameServerHeap, brokerHeap, runTag);
            }
            default -> throw new CommandLine.ParameterException(new CommandLine(this),
                    "--targets: unknown target '" + target + "' (cometmq, apache)");
        };
    }

    private String report(String stamp, String load, List<TopicScale.Result> topicResults,
            List<NameServerScale.Result> nameServerResults, List<String> connectionRows) {
        List<String> lines = new ArrayList<>();
        lines.add("### Scale limits, run " + stamp);
        lines.add("");
        lines.add("`" + String.join(" ", System.getenv().getOrDefault("BENCH_COMMAND", "bench/scale.sh")) + "`; "
                + Runtime.getRuntime().availableProcessors() + " cores, load average at start " + load
                + "; NameServer heap " + nameServerHeap + ", broker heap " + brokerHeap + " (G1, -Xms = -Xmx).");
        if (!topicResults.isEmpty()) {
            lines.add("");
            lines.add("| product | topics × queues | create, s | first / last slice of " + topicResults.get(0).sliceSize()
                    + ", ms | full REGISTER_BROKER body, bytes | its round trip, ms | SIGTERM to exit, s "
                    + "| restart to routed, s | heap after GC, MiB | RSS, MiB |");
            lines.add("|---|---|---|---|---|---|---|---|---|---|");
            lines.addAll(TopicScale.rows(topicResults));
        }
        if (!nameServerResults.isEmpty()) {
            lines.add("");
            lines.add("| NameServer of | topics | REGISTER_BROKER body, bytes | register first / again, ms per group "
                    + "| route queries | GET_ROUTEINFO_BY_TOPIC p50 / p99 / max, µs | route body, bytes "
                    + "| GET_ALL_TOPIC_LIST p50 / p99, ms | topic list body, bytes | heap after GC, MiB | RSS, MiB |");
            lines.add("|---|---|---|---|---|---|---|---|---|---|---|");
            lines.addAll(NameServerScale.rows(nameServerResults));
        }
        if (!connectionRows.isEmpty()) {
            lines.add("");
            lines.add("| product | server | idle connections | heap after GC, MiB | heap per connection, bytes "
                    + "| RSS, MiB | RSS per connection, bytes | all accepted after, s |");
            lines.add("|---|---|---|---|---|---|---|---|");
            lines.addAll(connectionRows);
        }
        return String.join("\n", lines) + "\n";
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ScaleLimits()).execute(args));
    }
}
