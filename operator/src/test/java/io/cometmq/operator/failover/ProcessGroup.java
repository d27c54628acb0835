package io.cometmq.operator.failover;

import io.cometmq.operator.remoting.NameServerRegistrationSource;
import io.cometmq.operator.remoting.RemotingAdmin;
import io.cometmq.operator.remoting.RemotingBrokerRuntimeSource;
import io.cometmq.operator.remoting.RemotingGroupCommands;
import io.cometmq.protocol.config.RoleAssignment;
import io.cometmq.protocol.testing.JvmProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One broker group as separate JVMs (a NameServer and the brokers, from the fat jars) in managed mode, and the
 * operator's {@link FailoverController} driving it as in a pod: the durable record is the role file the brokers
 * read ({@link FileRoleStore}), "pod ready" is "process alive" (a kubelet TCP probe passes on a frozen JVM too), and
 * runtime info, NameServer master slots and the commands go over the real remoting protocol. Rounds run every 5 s,
 * every 2 s while the controller is busy, as on the operator's probe threads.
 */
final class ProcessGroup implements AutoCloseable {
    static final Path NAMESERVER_JAR = Path.of("..", "nameserver-image", "target", "cometmq-nameserver.jar");
    static final Path BROKER_JAR = Path.of("..", "broker-image", "target", "cometmq-broker.jar");
    static final String CLUSTER = "fo";
    static final String BROKER_NAME = "fo-broker-0";
    private static final Logger LOG = LoggerFactory.getLogger(ProcessGroup.class);

    /** One event the controller announced, with when. */
    record Announcement(Instant time, String reason, String message) {}

    private final Path dir;
    final String nameServer;
    private final JvmProcess nameServerProcess;
    final Map<String, JvmProcess> brokers = new LinkedHashMap<>();
    final Map<String, String> addresses = new LinkedHashMap<>();
    final FileRoleStore roles;
    final RemotingAdmin admin = new RemotingAdmin();
    final RemotingBrokerRuntimeSource runtime = new RemotingBrokerRuntimeSource(admin);
    final List<Announcement> events = new CopyOnWriteArrayList<>();
    final AtomicReference<FailoverController.Round> lastRound = new AtomicReference<>();
    /** Rounds finished so far. */
    final java.util.concurrent.atomic.AtomicInteger rounds = new java.util.concurrent.atomic.AtomicInteger();
    private final FailoverPolicy policy;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "failover-rounds");
        thread.setDaemon(true);
        return thread;
    });
    private FailoverGroup group;
    private FailoverController controller;

    ProcessGroup(Path dir, FailoverPolicy policy) throws IOException {
        this.dir = dir;
        this.policy = policy;
        int port = freePort();
        nameServer = "127.0.0.1:" + port;
        nameServerProcess = new JvmProcess(NAMESERVER_JAR, List.of("--listen-host", "127.0.0.1", "--listen-port",
                Integer.toString(port)), dir.resolve("namesrv"), "namesrv").start("listening on");
        roles = new FileRoleStore(dir.resolve("role.properties"));
    }

    /**
     * Starts a broker JVM in managed mode.
     *
     * @param member  member name (the pod name in Kubernetes)
     * @param slaveId the brokerId it registers with while it is a slave
     */
    JvmProcess startBroker(String member, int slaveId) throws IOException {
        int port = freePort();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("brokerClusterName", CLUSTER);
        settings.put("brokerName", BROKER_NAME);
        settings.put("namesrvAddr", nameServer);
        settings.put("brokerIP1", "127.0.0.1");
        settings.put("listenHost", "127.0.0.1");
        settings.put("listenPort", Integer.toString(port));
        settings.put("haListenPort", Integer.toString(freePort()));
        settings.put("storePathRootDir", dir.resolve(member).resolve("store").toString());
        settings.put("mappedFileSizeCommitLog", Integer.toString(16 * 1024 * 1024));
        settings.put("mappedFileSizeConsumeQueue", Integer.toString(20 * 10_000));
        settings.put("slaveMetadataSyncInterval", "500");
        settings.put("flushConsumerOffsetInterval", "500");
        settings.put("brokerRole", "SLAVE"); // ignored in managed mode: the role file decides
        settings.put("brokerId", Integer.toString(slaveId));
        settings.put("roleFile", dir.resolve("role.properties").toString());
        settings.put("memberName", member);
        // what the operator renders: min(10 s, unavailableFor / 3), at least 3 s
        settings.put("masterLeaseMillis", Long.toString(Math.max(3000, Math.min(10_000,
                policy.unavailableFor().toMillis() / 3))));
        Path config = dir.resolve(member).resolve("broker.yaml");
        java.nio.file.Files.createDirectories(config.getParent());
        StringBuilder yaml = new StringBuilder();
        settings.forEach((k, v) -> yaml.append(k).append(": \"").append(v).append("\"\n"));
        java.nio.file.Files.writeString(config, yaml);
        JvmProcess broker = brokers.computeIfAbsent(member, m -> new JvmProcess(BROKER_JAR,
                List.of("--config", config.toString()), dir.resolve(m), m));
        addresses.put(member, "127.0.0.1:" + port);
        return broker.start("listening on 127.0.0.1:" + port);
    }

    /** Restarts a member's JVM on its store and port (what the kubelet does after a crash). */
    JvmProcess restart(String member) throws IOException {
        return brokers.get(member).start("listening on " + addresses.get(member));
    }

    /** Starts the controller: one round now, then every 5 s, or 2 s while busy. */
    void startController() {
        group = new FailoverGroup(0, CLUSTER, BROKER_NAME, addresses.entrySet().stream()
                .map(e -> new FailoverGroup.Member(e.getKey(), e.getValue())).toList(), List.of(nameServer));
        NameServerRegistrationSource registrations = new NameServerRegistrationSource(admin);
        MemberObserver observer = g -> observe(g, registrations);
        controller = new FailoverController(roles, observer, new RemotingGroupCommands(admin), Clock.systemUTC());
        loop.schedule(this::round, 0, TimeUnit.MILLISECONDS);
    }

    private void round() {
        FailoverController.Round round = null;
        try {
            round = controller.round(group, policy, null, new FailoverEvents() {
                @Override
                public void normal(String reason, String message) {
                    record(reason, message);
                }

                @Override
                public void warning(String reason, String message) {
                    record(reason, message);
                }
            });
            lastRound.set(round);
            rounds.incrementAndGet();
        } catch (RuntimeException e) {
            LOG.warn("failover round failed", e);
        } finally {
            if (!loop.isShutdown()) {
                loop.schedule(this::round, round == null || round.busy() ? 2000 : 5_000, TimeUnit.MILLISECONDS);
            }
        }
    }

    private void record(String reason, String message) {
        LOG.info("event {}: {}", reason, message);
        events.add(new Announcement(Instant.now(), reason, message));
    }

    private GroupObservation observe(FailoverGroup g, NameServerRegistrationSource registrations) {
        List<MemberObservation> members = new ArrayList<>();
        for (FailoverGroup.Member member : g.members()) {
            boolean alive = brokers.get(member.name()).alive();
            try {
                members.add(RuntimeInfoReader.read(member.name(), member.address(), alive,
                        runtime.runtimeInfo(member.address())));
            } catch (Exception e) {
                members.add(MemberObservation.notAnswering(member.name(), member.address(), alive));
            }
        }
        RegistrationView view;
        try {
            String master = registrations.masterAddresses(nameServer).get(BROKER_NAME);
            view = new RegistrationView(1, master == null ? java.util.Set.of() : java.util.Set.of(master));
        } catch (Exception e) {
            view = RegistrationView.UNKNOWN;
        }
        return new GroupObservation(members, view);
    }

    Map<String, String> runtimeInfo(String member) throws Exception {
        return runtime.runtimeInfo(addresses.get(member));
    }

    RoleAssignment role() throws IOException {
        return roles.read();
    }

    @Override
    public void close() {
        loop.shutdownNow();
        brokers.values().forEach(JvmProcess::close);
        nameServerProcess.close();
        admin.close();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
