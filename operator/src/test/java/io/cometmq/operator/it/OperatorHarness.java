package io.cometmq.operator.it;

import static org.awaitility.Awaitility.await;

import io.cometmq.operator.BrokerClusters;
import io.cometmq.operator.OperatorConfig;
import io.cometmq.operator.OperatorRuntime;
import io.cometmq.operator.it.rbac.RecordedRequests;
import io.cometmq.operator.it.rbac.RequestRecorder;
import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.reconcile.DrainTarget;
import io.cometmq.operator.reconcile.GroupDrainer;
import io.cometmq.operator.controller.ReconcilerSettings;
import io.cometmq.operator.status.Conditions;
import io.cometmq.operator.user.BrokerUserSettings;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.javaoperatorsdk.operator.Operator;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real JOSDK runtime against the fabric8 mock server in CRUD mode, with fakes for the two
 * broker-facing ports. Tests play the StatefulSet controller by writing StatefulSet status themselves.
 */
public final class OperatorHarness implements AutoCloseable {
    public static final String NS = BrokerClusters.NAMESPACE;
    /** The mock web server logs every request through java.util.logging; keep the logger (and its level). */
    private static final java.util.logging.Logger MOCK_LOG = quiet("io.fabric8.mockwebserver");

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    /** Where the Lease lives: not a watched namespace, like the chart's release namespace. */
    public static final String LEASE_NS = "cometmq-system";
    public static final String LEASE_NAME = "cometmq-operator-lease";
    /** Short, so that a takeover happens within seconds. */
    public static final OperatorConfig.LeaseTimings LEASE_TIMINGS =
            new OperatorConfig.LeaseTimings(Duration.ofSeconds(5), Duration.ofSeconds(4), Duration.ofMillis(500));
    private static final String REVIEWS = "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews";

    /**
     * How an operator instance runs. Each mode has its own file of recorded requests (see {@link RecordedRequests}),
     * which the helm module checks against the chart rendered the same way.
     *
     * @param watchNamespaces empty watches every namespace
     */
    public record Mode(String name, Set<String> watchNamespaces, boolean leaderElection) {
        /** What most ITs use: one watched namespace, no leader election. */
        public static final Mode NAMESPACES = new Mode("namespaces", Set.of(NS), false);
        /** Every namespace, with leader election on. */
        public static final Mode ALL_NAMESPACES = new Mode("all-namespaces", Set.of(), true);
    }

    public final KubernetesMockServer server;
    /** The test's own client: what it sends is not recorded. */
    public final KubernetesClient client;
    public final FakeDrainer drainer = new FakeDrainer();
    /** Runtime info each broker address answers; an address without an entry does not answer. */
    public final Map<String, Map<String, String>> brokerRuntime = new ConcurrentHashMap<>();
    /** While true, every NameServer request hangs (up to a minute), like a NameServer that accepts and never answers. */
    public volatile boolean nameServersHang;
    public final Set<String> registered = ConcurrentHashMap.newKeySet();
    private final List<Instance> instances = new CopyOnWriteArrayList<>();
    private final String testName = callingTest();
    private final UnaryOperator<ReconcilerSettings> custom;
    private final UnaryOperator<BrokerUserSettings> users;

    /** One operator watching {@link #NS}, without leader election. */
    public OperatorHarness() throws Exception {
        this(Mode.NAMESPACES, settings -> settings);
    }

    /** One operator watching {@link #NS}; @param custom changes to the test settings, e.g. a short pod grace period */
    public OperatorHarness(UnaryOperator<ReconcilerSettings> custom) throws Exception {
        this(Mode.NAMESPACES, custom);
    }

    /** One operator watching {@link #NS}, with the BrokerUser reconciler's ports and timings set by the test. */
    public static OperatorHarness withUsers(UnaryOperator<BrokerUserSettings> users) throws Exception {
        return new OperatorHarness(Mode.NAMESPACES, settings -> settings, users);
    }

    /** One operator, started in the given mode; null starts none. */
    public OperatorHarness(Mode mode) throws Exception {
        this(mode, settings -> settings);
    }

    private OperatorHarness(Mode mode, UnaryOperator<ReconcilerSettings> custom) throws Exception {
        this(mode, custom, users -> users);
    }

    private OperatorHarness(Mode mode, UnaryOperator<ReconcilerSettings> custom, UnaryOperator<BrokerUserSettings> users)
            throws Exception {
        this.custom = custom;
        this.users = users;
        Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations,
                new KubernetesMixedDispatcher(expectations), false);
        server.init();
        // The mock server has no authorizer. JOSDK asks for a SelfSubjectRulesReview before it starts leader election
        // and refuses to start unless the lease namespace grants get, create and update on leases; answer that.
        // The helm module checks that the chart grants these verbs (they are not all visible as requests).
        server.expect().post().withPath(REVIEWS).andReturn(201, leaseRulesReview()).always();
        client = server.createClient();
        for (Path file : List.of(generatedCrd(), generatedCrd().resolveSibling("brokerusers.cometmq.io-v1.yml"))) {
            try (InputStream crd = new FileInputStream(file.toFile())) {
                client.apiextensions().v1().customResourceDefinitions()
                        .resource(client.getKubernetesSerialization().unmarshal(crd, CustomResourceDefinition.class)).create();
            }
        }
        if (mode != null) {
            startOperator(mode, "operator-0", false);
        }
    }

    /** A mock server without an operator: the test starts its own with {@link #startOperator}. */
    public static OperatorHarness withoutOperator() throws Exception {
        return new OperatorHarness((Mode) null);
    }

    /**
     * Starts an operator process of its own (own fabric8 client, own recorder) against the shared mock server.
     *
     * @param failFast no client-side retries, so that requests the test cuts off fail at once
     */
    public Instance startOperator(Mode mode, String identity, boolean failFast) {
        RequestRecorder recorder = new RequestRecorder();
        KubernetesClient operatorClient = server.createClient(b -> {
            b.withHttpClientBuilderConsumer(http -> http.addOrReplaceInterceptor("rbac-recorder", recorder));
            if (failFast) {
                b.editOrNewConfig().withRequestRetryBackoffLimit(0).endConfig();
            }
        });
        Instance instance = new Instance(identity, mode, operatorClient, recorder);
        ReconcilerSettings settings = ReconcilerSettings.defaults()
                .withDrainer(drainer)
                .withRegistrations(address -> {
                    await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(50)).until(() -> !nameServersHang);
                    return Set.copyOf(registered);
                })
                .withBrokerRuntime(address -> {
                    Map<String, String> info = brokerRuntime.get(address);
                    if (info == null) {
                        throw new java.io.IOException("broker " + address + " does not answer");
                    }
                    return info;
                })
                .withRecheck(Duration.ofMillis(500), Duration.ofSeconds(2))
                .withProbePeriod(Duration.ofMillis(300))
                // the mock server cannot evaluate field selectors on events (it would send none); the operator
                // filters the cached events itself as well
                .withEventFieldSelector(false);
        settings = custom.apply(settings);
        OperatorConfig config = new OperatorConfig(mode.watchNamespaces(), 0, mode.leaderElection(), LEASE_NAME, LEASE_NS,
                LEASE_TIMINGS, "cluster.local");
        // exactly the production set-up, except that the harness closes the client after recording
        // users: no broker unless the test wires one; short retries so that outcomes show within seconds
        BrokerUserSettings userSettings = users.apply(BrokerUserSettings.defaults()
                .withTiming(Duration.ofSeconds(2), Duration.ofMillis(200), Duration.ofSeconds(1)));
        Operator operator = OperatorRuntime.create(operatorClient, config, settings, userSettings,
                o -> o.withCloseClientOnStop(false),
                // production exits when it loses the lease; in a test JVM the callbacks count it instead
                leaderElection -> leaderElection.withIdentity(identity).withExitOnStopLeading(false)
                        .withLeaderCallbacks(new LeaderCallbacks(instance.startedLeading::incrementAndGet,
                                instance.stoppedLeading::incrementAndGet, leader -> { })));
        instance.operator = operator;
        instances.add(instance);
        operator.start();
        return instance;
    }

    /** The Lease as the API server has it, or null. */
    public Lease lease() {
        return client.leases().inNamespace(LEASE_NS).withName(LEASE_NAME).get();
    }

    private static SelfSubjectRulesReview leaseRulesReview() {
        return new SelfSubjectRulesReviewBuilder()
                .withNewStatus().withIncomplete(false)
                .addNewResourceRule().withApiGroups("coordination.k8s.io").withResources("leases")
                .withVerbs("get", "create", "update").endResourceRule()
                .endStatus().build();
    }

    /** The IT class that built this harness, named in the recording. */
    private static String callingTest() {
        return StackWalker.getInstance().walk(frames -> frames.map(StackWalker.StackFrame::getClassName)
                .filter(c -> c.endsWith("IT")).findFirst().orElse("unknown"));
    }

    static Path generatedCrd() {
        return Path.of(System.getProperty("generated.crds.dir", "target/classes/META-INF/fabric8"),
                "brokerclusters.cometmq.io-v1.yml");
    }

    public BrokerCluster create(BrokerCluster cluster) {
        cluster.getMetadata().setUid(null);
        cluster.getMetadata().setGeneration(null);
        return client.resource(cluster).create();
    }

    public BrokerCluster get(String name) {
        return client.resources(BrokerCluster.class).inNamespace(NS).withName(name).get();
    }

    /** Edits like kubectl edit: optimistic locking, retried when the operator wrote status in between. */
    public void edit(String name, java.util.function.Consumer<BrokerCluster> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                client.resources(BrokerCluster.class).inNamespace(NS).withName(name).edit(bc -> {
                    change.accept(bc);
                    return bc;
                });
                return;
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    public Service service(String name) {
        return client.services().inNamespace(NS).withName(name).get();
    }

    public StatefulSet statefulSet(String name) {
        return client.apps().statefulSets().inNamespace(NS).withName(name).get();
    }

    public List<StatefulSet> statefulSets() {
        return client.apps().statefulSets().inNamespace(NS).list().getItems();
    }

    /** What the StatefulSet controller writes once every pod of the current spec is ready. */
    public void markReady(String statefulSet) {
        StatefulSet set = statefulSet(statefulSet);
        int replicas = set.getSpec().getReplicas();
        long generation = set.getMetadata().getGeneration() == null ? 1 : set.getMetadata().getGeneration();
        set.setStatus(new StatefulSetStatusBuilder().withReplicas(replicas).withReadyReplicas(replicas)
                .withUpdatedReplicas(replicas).withCurrentReplicas(replicas).withObservedGeneration(generation).build());
        client.resource(set).updateStatus();
    }

    public void markAllReady() {
        statefulSets().forEach(s -> markReady(s.getMetadata().getName()));
    }

    public String conditionReason(String cluster, String type) {
        BrokerCluster bc = get(cluster);
        if (bc == null || bc.getStatus() == null) {
            return null;
        }
        return Conditions.find(bc.getStatus().getConditions(), type).map(c -> c.getStatus() + "/" + c.getReason())
                .orElse(null);
    }

    public void awaitCondition(String cluster, String type, String statusAndReason) {
        await().atMost(Duration.ofSeconds(20)).until(() -> statusAndReason.equals(conditionReason(cluster, type)));
    }

    public List<Event> events(String reason) {
        return client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> reason.equals(e.getReason())).toList();
    }

    @Override
    public void close() {
        instances.forEach(Instance::stop);
        client.close();
        server.destroy();
    }

    /** One operator process: its own client, recorder and leader-election callbacks. */
    public final class Instance {
        public final String identity;
        public final Mode mode;
        public final KubernetesClient client;
        public final RequestRecorder recorder;
        public final AtomicInteger startedLeading = new AtomicInteger();
        public final AtomicInteger stoppedLeading = new AtomicInteger();
        private Operator operator;
        private boolean stopped;

        private Instance(String identity, Mode mode, KubernetesClient client, RequestRecorder recorder) {
            this.identity = identity;
            this.mode = mode;
            this.client = client;
            this.recorder = recorder;
        }

        /** Stops the operator (as on SIGTERM, without releasing the lease) and records what it sent. */
        public synchronized void stop() {
            if (stopped) {
                return;
            }
            stopped = true;
            try {
                operator.stop();
            } finally {
                client.close();
                RecordedRequests.add(mode.name(), mode.watchNamespaces(), LEASE_NS, mode.leaderElection(), testName,
                        recorder.requests());
            }
        }
    }

    /** Drains instantly to whatever backlog the test sets; records which groups were made read-only. */
    public static final class FakeDrainer implements GroupDrainer {
        public final Set<String> readOnly = ConcurrentHashMap.newKeySet();
        public final Map<String, Long> backlog = new ConcurrentHashMap<>();

        @Override
        public void makeReadOnly(DrainTarget target) {
            readOnly.add(target.brokerName());
        }

        @Override
        public long backlog(DrainTarget target) {
            return backlog.getOrDefault(target.brokerName(), 0L);
        }
    }
}
