package io.cometmq.operator.it;

import static org.awaitility.Awaitility.await;

import io.cometmq.operator.BrokerClusters;
import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.reconcile.DrainTarget;
import io.cometmq.operator.reconcile.GroupDrainer;
import io.cometmq.operator.reconciler.BrokerClusterReconciler;
import io.cometmq.operator.reconciler.ReconcilerSettings;
import io.cometmq.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.javaoperatorsdk.operator.Operator;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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

  public final KubernetesMockServer server;
  public final KubernetesClient client;
  public final FakeDrainer drainer = new FakeDrainer();
  /** Runtime info each broker address answers; an address without an entry does not answer. */
  public final Map<String, Map<String, String>> brokerRuntime = new ConcurrentHashMap<>();
  /** While true, every NameServer request hangs (up to a minute), like a NameServer that accepts and never answers. */
  public volatile boolean nameServersHang;
  public final Set<String> registered = ConcurrentHashMap.newKeySet();
  private final Operator operator;

  public OperatorHarness() throws Exception {
    this(settings -> settings);
  }

  /** @param custom changes to the test settings, e.g. a short pod grace period */
  public OperatorHarness(java.util.function.UnaryOperator<ReconcilerSettings> custom) throws Exception {
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new KubernetesCrudDispatcher(List.of()), false);
    server.init();
    client = server.createClient();
    try (InputStream crd = new FileInputStream(generatedCrd().toFile())) {
      client.apiextensions().v1().customResourceDefinitions()
          .resource(client.getKubernetesSerialization().unmarshal(crd, CustomResourceDefinition.class)).create();
    }
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
    operator = new Operator(o -> o.withKubernetesClient(client)
        .withUseSSAToPatchPrimaryResource(false)
        .withSSABasedCreateUpdateMatchForDependentResources(false)
        .checkingCRDAndValidateLocalModel(false)
        .withCloseClientOnStop(false));
    operator.register(new BrokerClusterReconciler(settings), o -> o.settingNamespaces(NS));
    operator.start();
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
    operator.stop();
    client.close();
    server.destroy();
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
