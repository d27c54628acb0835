package io.cometmq.bench;

import io.cometmq.bench.Report.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Runs every cell of the benchmark matrix on each target, one after the other (never concurrently: they would fight
 * for the same cores), with identical parameters, {@code --repeat} times, and writes one markdown section with the
 * medians and the raw numbers. {@code --matrix classic} is the earlier per-flush-mode comparison.
 */
@Command(name = "cometmq-bench", mixinStandardHelpOptions = true, sortOptions = false,
        version = "cometmq-bench 0.1.0-SNAPSHOT",
        description = "Benchmarks CometMQ against Apache RocketMQ (5.5.0 unless --peer) with the Apache client.")
public final class BenchCli implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--targets", split = ",", defaultValue = "apache,cometmq",
            description = "Targets, in order: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    List<Target> targets;

    @Option(names = "--matrix", defaultValue = "ONE_FACTOR",
            description = "Cells to run: ONE_FACTOR (base cell + one dimension changed at a time), FULL (cross "
                    + "product), CLASSIC (the per-flush-mode comparison, for the ACL/metrics/gRPC targets) "
                    + "(default: ${DEFAULT-VALUE}).")
    Matrix.Kind matrix;

    @Option(names = "--cells", split = ",", description = "Only these cells of the matrix, by name (e.g. base,"
            + "1000topics,20groups); an unknown name lists the known ones.")
    List<String> cellNames;

    @Option(names = "--repeat", defaultValue = "3",
            description = "Runs of each cell per target; the report shows the median. The target order is "
                    + "reversed in every other repeat (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--peer", defaultValue = "5.5.0",
            description = "Apache RocketMQ version of target apache: 5.5.0 or 5.3.3 (default: ${DEFAULT-VALUE}).")
    String peer;

    @Option(names = "--flush", split = ",", defaultValue = "ASYNC_FLUSH,SYNC_FLUSH",
            description = "--matrix classic: flushDiskType values to measure (default: ${DEFAULT-VALUE}).")
    List<FlushDiskType> flushModes;

    @Option(names = "--layout", defaultValue = "SINGLE",
            description = "--matrix classic: brokers per cluster: ${COMPLETION-CANDIDATES} (default: "
                    + "${DEFAULT-VALUE}).")
    ClusterLayout.Kind layout;

    @Option(names = "--messages", defaultValue = "100000",
            description = "Measured messages per target and mode (matrix: per cell at load factor 1, default "
                    + MATRIX_MESSAGES + "); 0 = until --duration (default: ${DEFAULT-VALUE}).")
    long messages;

    @Option(names = "--duration", defaultValue = "0", converter = DurationConverter.class,
            description = "Time limit of the measured phase, e.g. 30s; 0 = none (matrix default: "
                    + MATRIX_DURATION_SECONDS + "s) (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "10000",
            description = "Unmeasured messages sent first (matrix default: " + MATRIX_WARMUP
                    + ") (default: ${DEFAULT-VALUE}).")
    long warmup;

    @Option(names = "--size", defaultValue = "1024", description = "Body size in bytes (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--producers", defaultValue = "8",
            description = "Producer threads, each sending synchronously (default: ${DEFAULT-VALUE}).")
    int producers;

    @Option(names = "--queues", defaultValue = "8", description = "Queues of the topic (default: ${DEFAULT-VALUE}).")
    int queues;

    @Option(names = "--quick", description = "Smoke run (< 2 min): 20k messages, at most 8 s, 1k warm-up, unless given.")
    boolean quick;

    @Option(names = "--out", defaultValue = "docs/benchmarks.md",
            description = "Markdown document to update, relative to --repo-root; '-' = print only.")
    String out;

    @Option(names = "--repo-root", defaultValue = ".", description = "The CometMQ checkout.")
    Path repoRoot;

    @Option(names = "--apache-lib",
            description = "Apache RocketMQ jars (default: bench/target/apache-rocketmq-<peer>/lib, resolved by the "
                    + "bench build).")
    Path apacheLib;

    @Option(names = "--apache-proxy-lib", defaultValue = "bench/target/apache-rocketmq-proxy/lib",
            description = "Apache RocketMQ 5.5.0 jars with the proxy, for apache_grpc (resolved by the bench build).")
    Path apacheProxyLib;

    @Option(names = "--alternate", description = "Reverse the target order in every other flush mode (e.g. with "
            + "--targets cometmq_grpc,apache_grpc: CometMQ first in ASYNC_FLUSH, Apache first in SYNC_FLUSH).")
    boolean alternate;

    @Option(names = "--cometmq-nameserver-jar", defaultValue = "nameserver-image/target/cometmq-nameserver.jar",
            description = "CometMQ NameServer fat jar (else a *-all.jar beside it).")
    Path cometNameServerJar;

    @Option(names = "--cometmq-broker-jar", defaultValue = "broker-image/target/cometmq-broker.jar",
            description = "CometMQ broker fat jar (else a *-all.jar beside it).")
    Path cometBrokerJar;

    @Option(names = "--cometmq-unavailable", paramLabel = "REASON",
            description = "Report CometMQ as not available with this reason (run.sh: its build failed).")
    String cometUnavailable;

    @Option(names = "--work-dir", defaultValue = "bench/target/work",
            description = "Stores (deleted after each target) and process logs (kept until the next run).")
    Path workDir;

    @Option(names = "--namesrv-heap", defaultValue = "1g", description = "NameServer -Xms/-Xmx, both targets.")
    String nameServerHeap;

    @Option(names = "--broker-heap", defaultValue = "2g", description = "Broker -Xms/-Xmx, both targets.")
    String brokerHeap;

    @Option(names = "--start-timeout", defaultValue = "90s", converter = DurationConverter.class,
            description = "Deadline for a cluster to listen and register (default: ${DEFAULT-VALUE}).")
    Duration startTimeout;

    @Option(names = "--stall-timeout", defaultValue = "30s", converter = DurationConverter.class,
            description = "The consumer gives up after this long without a new message (default: ${DEFAULT-VALUE}).")
    Duration stallTimeout;

    @Option(names = "--send-timeout-ms", defaultValue = "3000",
            description = "Client send timeout (the client's default is 3000).")
    int sendTimeoutMillis;

    @Option(names = "--cold-backlog-mib", defaultValue = "" + LatencySettings.DEFAULT_COLD_BACKLOG_MIB,
            description = "COLD_READ cells: MiB of message bodies written, evicted from the page cache, then drained"
                    + " (default: ${DEFAULT-VALUE}; --quick: " + LatencySettings.QUICK_COLD_BACKLOG_MIB + ").")
    long coldBacklogMib;

    @Option(names = "--open-loop-rate", defaultValue = "0",
            description = "OPEN_LOOP cells: msg/s; 0 = half of each target's maximum, from a closed-loop probe on "
                    + "the same cluster first (default: ${DEFAULT-VALUE}).")
    double openLoopRate;

    @Option(names = "--open-loop-duration", defaultValue = "20s", converter = DurationConverter.class,
            description = "OPEN_LOOP cells: measured window, after a warm-up of a tenth of it, at least 2 s "
                    + "(default: ${DEFAULT-VALUE}; --quick: 8s).")
    Duration openLoopDuration;

    @Option(names = "--probe-duration", defaultValue = "8s", converter = DurationConverter.class,
            description = "OPEN_LOOP cells: length of the max-rate probe (default: ${DEFAULT-VALUE}; --quick: 5s).")
    Duration probeDuration;

    /** Matrix defaults: one-factor × 3 repeats × 2 targets within ~35 min on a 2-core box (see bench/README.md). */
    static final long MATRIX_MESSAGES = 30_000;
    static final long MATRIX_WARMUP = 3_000;
    static final long MATRIX_DURATION_SECONDS = 12;

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new BenchCli()).setCaseInsensitiveEnumValuesAllowed(true);
        System.exit(cli.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        applyMatrixDefaults();
        applyQuickDefaults();
        validate();
        if (apacheLib == null) {
            apacheLib = Path.of("bench/target/apache-rocketmq-" + peer + "/lib");
        }
        Path root = repoRoot.toAbsolutePath().normalize();
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        String runId = now.format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path runDir = root.resolve(workDir).resolve(runId);
        removePreviousRuns(runDir.getParent());
        JvmSettings jvm = new JvmSettings(JvmSettings.currentJava(), nameServerHeap, brokerHeap, runId);
        MachineInfo machine = MachineInfo.describe(jvm.javaBin(), runDir);

        if (matrix != Matrix.Kind.CLASSIC) {
            return runMatrix(root, now, runDir, jvm, machine);
        }
        TargetRun.Load load = new TargetRun.Load(layout,
                new ProduceBenchmark.Settings(producers, size, warmup, messages, duration, sendTimeoutMillis),
                queues, startTimeout, stallTimeout);
        TargetRun.ClusterFactory factory = (target, layout, dir) -> createCluster(target, layout, dir, root, jvm);
        Report report = new Report(targets);
        for (int m = 0; m < flushModes.size(); m++) {
            List<Target> order = new ArrayList<>(targets);
            if (alternate && m % 2 == 1) {
                java.util.Collections.reverse(order);
            }
            for (Target target : order) {
                report.add(new TargetRun(target, flushModes.get(m), runDir, factory, load).execute());
            }
        }

        String heading = now.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"))
                + (quick ? " — quick smoke run" : "");
        String section = report.section(heading, preamble(now, machine), flushModes);
        System.out.println();
        System.out.println(section);
        if (!"-".equals(out)) {
            Path document = root.resolve(out);
            Report.merge(document, quick ? "quick" : runId, section);
            System.err.println("[bench] results written to " + document);
        }
        boolean apacheBroken = report.outcomes().stream()
                .anyMatch(o -> o.target().apache() && o.status() != Status.OK);
        return apacheBroken ? 1 : 0;
    }

    private Integer runMatrix(Path root, ZonedDateTime now, Path runDir, JvmSettings jvm, MachineInfo machine)
            throws Exception {
        List<Cell> cells = Matrix.select(Matrix.cells(matrix), cellNames);
        Duration openLoopWarmup = openLoopDuration.dividedBy(10);
        LatencySettings latency = new LatencySettings(coldBacklogMib << 20, openLoopRate,
                openLoopWarmup.compareTo(Duration.ofSeconds(2)) < 0 ? Duration.ofSeconds(2) : openLoopWarmup,
                openLoopDuration, probeDuration);
        CellRun.Settings settings = new CellRun.Settings(producers, messages, warmup, duration, sendTimeoutMillis,
                queues, startTimeout, stallTimeout, latency);
        TargetRun.ClusterFactory factory = (target, layout, dir) -> createCluster(target, layout, dir, root, jvm);
        MatrixReport report = new MatrixReport(cells, apacheName());
        for (Cell cell : cells) {
            for (int r = 0; r < repeat; r++) {
                List<Target> order = new ArrayList<>(targets);
                if (r % 2 == 1) {
                    java.util.Collections.reverse(order);
                }
                for (Target target : order) {
                    report.add(new CellRun(cell, target, r, runDir, factory, settings).execute());
                }
            }
        }
        String heading = now.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")) + " — matrix "
                + matrix.name().toLowerCase(Locale.ROOT).replace('_', '-') + (quick ? ", quick smoke run" : "");
        String section = report.section(heading, matrixPreamble(now, machine, cells));
        System.out.println();
        System.out.println(section);
        if (!"-".equals(out)) {
            Path document = root.resolve(out);
            Report.merge(document, quick ? "quick" : now.format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")),
                    section);
            System.err.println("[bench] results written to " + document);
        }
        boolean apacheBroken = report.results().stream()
                .anyMatch(r -> r.target().apache() && r.status() == Status.FAILED);
        return apacheBroken ? 1 : 0;
    }

    private String apacheName() {
        return "Apache RocketMQ " + peer;
    }

    private List<String> matrixPreamble(ZonedDateTime now, MachineInfo machine, List<Cell> cells) {
        List<String> lines = new ArrayList<>();
        String command = System.getenv().getOrDefault("BENCH_COMMAND",
                "java -jar bench/target/cometmq-bench.jar " + String.join(" ", spec.commandLine().getParseResult()
                        .originalArgs()));
        lines.add("- command: `" + command + "`");
        lines.add("- date: " + now.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        lines.addAll(machine.markdownLines());
        lines.add("- peer: " + apacheName() + " (NameServer + broker, jars from Maven Central); client: the Apache "
                + "`rocketmq-client` 5.3.3 for both");
        lines.add(String.format(Locale.ROOT, "- cells: %s; each run %d× per target on a fresh cluster, the target "
                        + "order reversed in every other repeat; the summary shows medians",
                cells.stream().map(Cell::name).collect(java.util.stream.Collectors.joining(", ")), repeat));
        lines.add(String.format(Locale.ROOT, "- load per cell: %s measured messages%s after %,d warm-up messages, "
                        + "both × the cell's load factor (64 KiB: 0.1, 20 groups: 0.2); %d producer threads sharing "
                        + "one DefaultMQProducer, synchronous send, round-robin over the cell's topics; every topic "
                        + "has %d queues and is created explicitly (batched admin calls) on both targets",
                messages > 0 ? String.format(Locale.ROOT, "%,d", messages) : "unlimited",
                duration.isZero() ? "" : " (at most " + duration.toSeconds() + " s)", warmup, producers, queues));
        lines.add("- consume: per group one DefaultMQPushConsumer (own client instance; clustering, "
                + "CONSUME_FROM_FIRST_OFFSET, default threads and batch sizes) subscribed to all the cell's topics, "
                + "all groups started together after producing; consume TPS = deliveries to all groups / time "
                + "from the first to the last");
        lines.add("- cluster per run: a fresh NameServer (-Xmx" + nameServerHeap + ") and the cell's brokers (-Xmx"
                + brokerHeap + ", G1) on 127.0.0.1; targets run one at a time, the driver JVM shares the cores");
        if (cells.stream().anyMatch(c -> c.layout() == ClusterLayout.Kind.SYNC_MASTER_SLAVE)) {
            lines.add("- SYNC_MASTER: both wait for the slave before answering a send; Apache RocketMQ 5 is given "
                    + "totalReplicas=2 and inSyncReplicas=2 for that (its defaults, 1 and 1, do not wait)");
        }
        if (cells.stream().anyMatch(c -> c.kind() == CellKind.COLD_READ)) {
            lines.add(String.format(Locale.ROOT, "- cold read: a backlog of %,d MiB of bodies (%d producer threads, "
                    + "synchronous send), evicted from the page cache, drained by a new group", coldBacklogMib,
                    producers));
        }
        if (cells.stream().anyMatch(c -> c.kind() == CellKind.OPEN_LOOP)) {
            lines.add(String.format(Locale.ROOT, "- open loop: %s, asynchronous sends from one scheduling thread, "
                    + "%d s measured after a warm-up", openLoopRate > 0
                    ? String.format(Locale.ROOT, "%,.0f msg/s", openLoopRate)
                    : "half of each target's maximum from a " + probeDuration.toSeconds() + " s closed-loop probe",
                    openLoopDuration.toSeconds()));
        }
        return lines;
    }

    /** A matrix run without explicit counts uses smaller ones than the classic run (it runs many clusters). */
    private void applyMatrixDefaults() {
        if (matrix == Matrix.Kind.CLASSIC) {
            return;
        }
        var parsed = spec.commandLine().getParseResult();
        if (!parsed.hasMatchedOption("--messages")) {
            messages = MATRIX_MESSAGES;
        }
        if (!parsed.hasMatchedOption("--warmup")) {
            warmup = MATRIX_WARMUP;
        }
        if (!parsed.hasMatchedOption("--duration")) {
            duration = Duration.ofSeconds(MATRIX_DURATION_SECONDS);
        }
        if (quick && !parsed.hasMatchedOption("--repeat")) {
            repeat = 1;
        }
    }

    /** --quick only lowers what the user did not set explicitly. */
    private void applyQuickDefaults() {
        if (!quick) {
            return;
        }
        var parsed = spec.commandLine().getParseResult();
        if (!parsed.hasMatchedOption("--messages")) {
            messages = 20_000;
        }
        if (!parsed.hasMatchedOption("--warmup")) {
            warmup = 1_000;
        }
        if (!parsed.hasMatchedOption("--duration")) {
            // Caps the slow case (SYNC_FLUSH on a busy box) so the smoke run stays under two minutes.
            duration = Duration.ofSeconds(8);
        }
        if (!parsed.hasMatchedOption("--stall-timeout")) {
            stallTimeout = Duration.ofSeconds(15);
        }
        if (!parsed.hasMatchedOption("--cold-backlog-mib")) {
            coldBacklogMib = LatencySettings.QUICK_COLD_BACKLOG_MIB;
        }
        if (!parsed.hasMatchedOption("--open-loop-duration")) {
            openLoopDuration = Duration.ofSeconds(8);
        }
        if (!parsed.hasMatchedOption("--probe-duration")) {
            probeDuration = Duration.ofSeconds(5);
        }
    }

    private void validate() {
        if (!List.of("5.5.0", "5.3.3").contains(peer)) {
            throw new ParameterException(spec.commandLine(), "--peer must be 5.5.0 or 5.3.3, not " + peer);
        }
        if (repeat < 1) {
            throw new ParameterException(spec.commandLine(), "--repeat must be at least 1");
        }
        if (matrix != Matrix.Kind.CLASSIC) {
            var parsed = spec.commandLine().getParseResult();
            for (String classicOnly : List.of("--flush", "--layout", "--alternate")) {
                if (parsed.hasMatchedOption(classicOnly)) {
                    throw new ParameterException(spec.commandLine(), classicOnly + " applies to --matrix classic; "
                            + "in a matrix the cells set flush and layout (see --cells)");
                }
            }
            try {
                // before anything touches the work directory
                Matrix.select(Matrix.cells(matrix), cellNames);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            List<Target> other = targets.stream().filter(t -> t != Target.APACHE && t != Target.COMETMQ).toList();
            if (!other.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "--targets " + other + " run with --matrix "
                        + "classic only; a matrix compares apache and cometmq");
            }
        } else if (cellNames != null) {
            throw new ParameterException(spec.commandLine(), "--cells needs --matrix one_factor or full");
        }
        if (messages <= 0 && duration.isZero()) {
            throw new ParameterException(spec.commandLine(), "--messages 0 needs a --duration");
        }
        if (producers < 1 || size < 1 || queues < 1 || messages < 0 || warmup < 0) {
            throw new ParameterException(spec.commandLine(), "--producers, --size, --queues must be positive");
        }
        if (coldBacklogMib < 1) {
            throw new ParameterException(spec.commandLine(), "--cold-backlog-mib must be at least 1");
        }
        if (openLoopRate < 0 || openLoopDuration.isZero() || openLoopDuration.isNegative()
                || probeDuration.isZero() || probeDuration.isNegative()) {
            throw new ParameterException(spec.commandLine(), "--open-loop-rate must not be negative, "
                    + "--open-loop-duration and --probe-duration must be positive");
        }
    }

    private List<String> preamble(ZonedDateTime now, MachineInfo machine) {
        List<String> lines = new ArrayList<>();
        String command = System.getenv().getOrDefault("BENCH_COMMAND",
                "java -jar bench/target/cometmq-bench.jar " + String.join(" ", spec.commandLine().getParseResult()
                        .originalArgs()));
        lines.add("- command: `" + command + "`");
        lines.add("- date: " + now.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        lines.addAll(machine.markdownLines());
        lines.add("- peer: " + apacheName());
        lines.add(String.format(Locale.ROOT,
                "- load: %s measured messages%s of %,d B after %,d warm-up messages; %d producer threads sharing "
                        + "one DefaultMQProducer, synchronous send; topic with %d queues",
                messages > 0 ? String.format(Locale.ROOT, "%,d", messages) : "unlimited",
                duration.isZero() ? "" : " (at most " + duration.toSeconds() + " s)", size, warmup, producers,
                queues));
        if (targets.stream().anyMatch(Target::grpc)) {
            lines.add("- gRPC targets (" + targets.stream().filter(Target::grpc).map(Target::displayName)
                    .collect(java.util.stream.Collectors.joining(", ")) + "): the same load through the gRPC SDK "
                    + "`rocketmq-client-java` 5.0.8, plaintext: one Producer shared by the producer threads, "
                    + "synchronous send; then one PushConsumer of a new group (default threads, batch size and long "
                    + "polling as the server's Settings say) drains it over POP; the endpoint is the master's gRPC "
                    + "port (CometMQ: grpcServerPort; Apache 5.5.0: `ProxyStartup -pm local`, broker embedded)");
        }
        lines.add("- consume: one DefaultMQPushConsumer (clustering, CONSUME_FROM_FIRST_OFFSET, default threads and "
                + "batch sizes) started after producing, draining everything stored (warm-up included)");
        lines.add("- cluster per target and mode: a fresh NameServer (-Xmx" + nameServerHeap + ") and "
                + layout.build(FlushDiskType.ASYNC_FLUSH).description() + " (-Xmx" + brokerHeap + ", G1) on "
                + "127.0.0.1, store on the disk above; targets run one at a time, the driver JVM shares the cores");
        return lines;
    }

    /** Earlier runs' directories only hold logs by now; keep just the current run's. */
    private static void removePreviousRuns(Path runsDir) throws Exception {
        if (Files.isDirectory(runsDir)) {
            try (Stream<Path> old = Files.list(runsDir)) {
                old.filter(p -> p.getFileName().toString().matches("\\d{8}-\\d{6}"))
                        .forEach(TargetCluster::deleteRecursively);
            }
        }
    }

    /** The factory {@link TargetRun} uses; a target that cannot run at all says why here. */
    private TargetCluster createCluster(Target target, ClusterLayout layout, Path dir, Path root, JvmSettings jvm)
            throws ClusterProcess.StartupException {
        if (target.apache()) {
            Path lib = root.resolve(target == Target.APACHE_GRPC ? apacheProxyLib : apacheLib);
            String problem = ApacheRocketMqCluster.unavailableReason(target, lib, peer);
            if (problem != null) {
                throw new ClusterProcess.StartupException(problem);
            }
            return new ApacheRocketMqCluster(layout, dir, jvm, lib, target);
        }
        if (cometUnavailable != null) {
            throw new ClusterProcess.StartupException(cometUnavailable);
        }
        for (Path jar : List.of(cometNameServerJar, cometBrokerJar)) {
            if (CometMqCluster.locateJar(root.resolve(jar)) == null) {
                throw new ClusterProcess.StartupException("jar not found: " + root.resolve(jar));
            }
        }
        return new CometMqCluster(layout, dir, jvm, CometMqCluster.locateJar(root.resolve(cometNameServerJar)),
                CometMqCluster.locateJar(root.resolve(cometBrokerJar)), target);
    }
}
