package io.cometmq.operator;

import io.cometmq.operator.controller.BrokerClusterReconciler;
import io.cometmq.operator.controller.ReconcilerSettings;
import io.cometmq.operator.user.BrokerUserReconciler;
import io.cometmq.operator.user.BrokerUserSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The JOSDK operator as the process runs it: client, status patching, leader election, watched namespaces. The
 * mock-server ITs build their operators here too, so the API requests they record (and check against the chart's
 * RBAC) are the ones production sends.
 */
public final class OperatorRuntime {
    private OperatorRuntime() {
    }

    /**
     * @param more further settings (test switches in the ITs)
     * @param leaderElection additions to the leader election configuration (identity, callbacks), if it is on
     */
    public static Operator create(KubernetesClient client, OperatorConfig config, ReconcilerSettings settings,
            Consumer<ConfigurationServiceOverrider> more, UnaryOperator<LeaderElectionConfigurationBuilder> leaderElection) {
        return create(client, config, settings, BrokerUserSettings.defaults(), more, leaderElection);
    }

    /** @param users the BrokerUser reconciler's ports (admin client, masters, inner credentials) and timings */
    public static Operator create(KubernetesClient client, OperatorConfig config, ReconcilerSettings settings,
            BrokerUserSettings users, Consumer<ConfigurationServiceOverrider> more,
            UnaryOperator<LeaderElectionConfigurationBuilder> leaderElection) {
        Operator operator = new Operator(o -> {
            o.withKubernetesClient(client)
                    // status is written with a merge patch of a status-only object: works on every API server
                    .withUseSSAToPatchPrimaryResource(false)
                    // JOSDK's operator_sdk_* families plus cometmq_operator_reconcile_* (settings.metrics())
                    .withMetrics(settings.metrics().josdk());
            if (config.leaderElection()) {
                o.withLeaderElectionConfiguration(leaderElection.apply(config.leaderElectionConfiguration()).build());
            }
            more.accept(o);
        });
        operator.register(new BrokerClusterReconciler(settings), o -> {
            if (config.watchAllNamespaces()) {
                o.watchingAllNamespaces();
            } else {
                o.settingNamespaces(config.namespaces());
            }
        });
        // same namespaces (and, through the shared configuration service, the same leader election)
        operator.register(new BrokerUserReconciler(users), o -> {
            if (config.watchAllNamespaces()) {
                o.watchingAllNamespaces();
            } else {
                o.settingNamespaces(config.namespaces());
            }
        });
        return operator;
    }
}
