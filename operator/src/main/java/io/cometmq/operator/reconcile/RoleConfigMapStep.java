package io.cometmq.operator.reconcile;

import io.cometmq.operator.model.BrokerGroupModel;
import io.cometmq.operator.model.RoleConfigMaps;
import io.cometmq.protocol.config.ConfigException;
import io.cometmq.protocol.config.RoleAssignment;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group's role ConfigMap: created with the initial assignment (master StatefulSet's pod, epoch 1) when absent,
 * and never overwritten, because after a failover it holds the failover controller's decision. The one change made
 * here is masterRole, when spec.broker.replicationMode changed; master and epoch are kept. It goes through
 * {@link ResourceApplier#createIfAbsent}, not the desired-hash apply that would replace the data on a spec change.
 */
final class RoleConfigMapStep {
    private static final Logger LOG = LoggerFactory.getLogger(RoleConfigMapStep.class);
    private static final int CONFLICT = 409;

    private final ResourceApplier applier;

    RoleConfigMapStep(ResourceApplier applier) {
        this.applier = applier;
    }

    /** The assignment the ConfigMap now holds; empty when it cannot be read (left alone, status says why). */
    Optional<RoleAssignment> ensure(BrokerGroupModel model) {
        RoleAssignment initial = model.initialRoleAssignment();
        ConfigMap live = applier.createIfAbsent(model.roleConfigMap(initial)).object();
        RoleAssignment current;
        try {
            current = RoleConfigMaps.read(live);
        } catch (ConfigException e) {
            LOG.warn("{}/{}: {}; left unchanged", model.names().namespace(), model.names().cluster(), e.getMessage());
            return Optional.empty();
        }
        if (current.masterRole().equals(initial.masterRole())) {
            return Optional.of(current);
        }
        RoleAssignment updated = new RoleAssignment(current.master(), current.epoch(), initial.masterRole());
        try {
            applier.replace(RoleConfigMaps.withAssignment(live, updated), live);
            return Optional.of(updated);
        } catch (KubernetesClientException e) {
            if (e.getCode() != CONFLICT) {
                throw e;
            }
            // the failover controller wrote it in between: its assignment stands, masterRole follows next time
            return Optional.of(current);
        }
    }
}
