package io.cometmq.operator;

import io.cometmq.operator.metrics.OperatorMetrics;
import io.cometmq.operator.model.Names;
import io.cometmq.operator.remoting.AclAdminClient;
import io.cometmq.operator.remoting.NameServerClusterMasters;
import io.cometmq.operator.remoting.NameServerRegistrationSource;
import io.cometmq.operator.user.BrokerUserSettings;
import io.cometmq.operator.probe.FailoverPorts;
import io.cometmq.operator.remoting.ClusterAccessScope;
import io.cometmq.operator.remoting.ClusterCredentials;
import io.cometmq.operator.remoting.RemotingAdmin;
import io.cometmq.operator.remoting.RemotingGroupCommands;
import io.cometmq.operator.remoting.RemotingBrokerRuntimeSource;
import io.cometmq.operator.remoting.RemotingGroupDrainer;
import io.cometmq.operator.controller.ReconcilerSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the operator against the current kubeconfig, or the in-cluster service account when there is
 * none. Every flag has an environment variable so a Deployment can set it without args.
 */
@Command(name = "cometmq-operator", mixinStandardHelpOptions = true, version = "cometmq-operator 0.1.0",
        description = "Kubernetes operator for CometMQ BrokerClusters (brokerclusters.cometmq.io).")
public final class OperatorMain implements Callable<Integer> {

    @Option(names = "--namespaces", defaultValue = "${env:COMETMQ_NAMESPACES:-}",
            description = "Comma-separated namespaces to watch; empty watches all (env COMETMQ_NAMESPACES).")
    String namespaces;

    @Option(names = "--http-port", defaultValue = "${env:COMETMQ_HTTP_PORT:-8080}",
            description = "Port of /healthz, /readyz and /metrics (env COMETMQ_HTTP_PORT, default ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--leader-election", defaultValue = "${env:COMETMQ_LEADER_ELECTION:-false}",
            description = "Elect a leader through a Lease so that several replicas can run (env COMETMQ_LEADER_ELECTION).")
    boolean leaderElection;

    @Option(names = "--lease-name", defaultValue = "${env:COMETMQ_LEASE_NAME:-cometmq-operator-lease}",
            description = "Lease used for leader election (env COMETMQ_LEASE_NAME).")
    String leaseName;

    @Option(names = "--lease-namespace", defaultValue = "${env:COMETMQ_LEASE_NAMESPACE:-}",
            description = "Namespace of the Lease; empty means the operator's own namespace (env COMETMQ_LEASE_NAMESPACE).")
    String leaseNamespace;

    @Option(names = "--lease-duration", defaultValue = "${env:COMETMQ_LEASE_DURATION:-15s}",
            description = "How long a Lease stays valid without renewal; a new leader takes over after it (env COMETMQ_LEASE_DURATION, default ${DEFAULT-VALUE}).")
    String leaseDuration;

    @Option(names = "--lease-renew-deadline", defaultValue = "${env:COMETMQ_LEASE_RENEW_DEADLINE:-10s}",
            description = "How long the leader tries to renew before it gives up and exits (env COMETMQ_LEASE_RENEW_DEADLINE, default ${DEFAULT-VALUE}).")
    String leaseRenewDeadline;

    @Option(names = "--lease-retry-period", defaultValue = "${env:COMETMQ_LEASE_RETRY_PERIOD:-2s}",
            description = "How often replicas try to acquire or renew the Lease (env COMETMQ_LEASE_RETRY_PERIOD, default ${DEFAULT-VALUE}).")
    String leaseRetryPeriod;

    @Option(names = "--cluster-domain", defaultValue = "${env:COMETMQ_CLUSTER_DOMAIN:-cluster.local}",
            description = "DNS domain of the Kubernetes cluster, used in pod addresses (env COMETMQ_CLUSTER_DOMAIN).")
    String clusterDomain;

    @Option(names = "--log-format", defaultValue = "${env:COMETMQ_LOG_FORMAT:-json}",
            description = "json (one object per line) or text (env COMETMQ_LOG_FORMAT).")
    String logFormat;

    public static void main(String[] args) {
        System.exit(new CommandLine(new OperatorMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if ("text".equalsIgnoreCase(logFormat)) {
            // must happen before the first logger is created
            System.setProperty("logback.configurationFile", "logback-text.xml");
        }
        Logger log = LoggerFactory.getLogger(OperatorMain.class);
        OperatorConfig.LeaseTimings leaseTimings = new OperatorConfig.LeaseTimings(
                OperatorConfig.parseDuration("--lease-duration", leaseDuration),
                OperatorConfig.parseDuration("--lease-renew-deadline", leaseRenewDeadline),
                OperatorConfig.parseDuration("--lease-retry-period", leaseRetryPeriod));
        OperatorConfig config = new OperatorConfig(OperatorConfig.parseNamespaces(namespaces), httpPort, leaderElection,
                leaseName, leaseNamespace.isBlank() ? null : leaseNamespace, leaseTimings, clusterDomain);

        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);

        KubernetesClient client = new KubernetesClientBuilder().build();
        // one protocol client, shared by the registration checks, the group drainer, the broker runtime probe and failover
        RemotingAdmin admin = new RemotingAdmin();
        ReconcilerSettings settings = ReconcilerSettings.defaults().withClusterDomain(config.clusterDomain())
                .withRegistrations(new NameServerRegistrationSource(admin))
                .withDrainer(new RemotingGroupDrainer(admin))
                .withBrokerRuntime(new RemotingBrokerRuntimeSource(admin))
                .withFailover(new FailoverPorts(new RemotingGroupCommands(admin), new NameServerRegistrationSource(admin)))
                // secured clusters: every probe request signed with the cluster's inner credentials, TLS if enforced
                .withClusterScope(new ClusterAccessScope(admin, ClusterCredentials.fromApi(client)))
                // cometmq_operator_* and JOSDK's families on the registry /metrics serves
                .withMetrics(new OperatorMetrics(registry));
        // BrokerUsers: admin requests signed with the cluster's inner credentials (TLS when enforced) on its masters
        BrokerUserSettings users = BrokerUserSettings.defaults().withAdmin(new AclAdminClient(admin))
                .withMasters(new NameServerClusterMasters(admin,
                        cluster -> new Names(cluster.getMetadata().getName(), cluster.getMetadata().getNamespace(),
                                config.clusterDomain()).nameServerAddresses(cluster.getSpec().getNameServer().getReplicas())));
        Operator operator = OperatorRuntime.create(client, config, settings, users,
                o -> { }, UnaryOperator.identity());

        // Operator.start() holds the operator's lock while informers sync; a flag keeps /readyz from blocking.
        AtomicBoolean started = new AtomicBoolean(false);
        HealthServer health = new HealthServer(config.httpPort(),
                () -> started.get() && operator.getRuntimeInfo().allEventSourcesAreHealthy(), registry).start();
        log.info("starting: namespaces={} leaderElection={} http={} master={}",
                config.watchAllNamespaces() ? "all" : config.namespaces(), config.leaderElection(), health.port(),
                client.getMasterUrl());

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping");
            operator.stop();
            admin.close();
            health.close();
            stopped.countDown();
        }, "shutdown"));
        operator.start();
        started.set(true);
        log.info("started");
        stopped.await();
        return 0;
    }
}
