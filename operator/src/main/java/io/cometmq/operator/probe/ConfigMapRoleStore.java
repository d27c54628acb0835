package io.cometmq.operator.probe;

import io.cometmq.operator.failover.FailoverGroup;
import io.cometmq.operator.failover.RoleStore;
import io.cometmq.operator.model.Names;
import io.cometmq.operator.model.ConfigRenderer;
import io.cometmq.operator.model.RoleConfigMaps;
import io.cometmq.protocol.config.RoleAssignment;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.util.Optional;

/**
 * The role assignments of a cluster in the ConfigMaps {@code <c>-broker-<g>-role}, key
 * {@value ConfigRenderer#ROLE_KEY} ({@link RoleConfigMaps}), which every broker pod of the group mounts. The
 * reconciler creates each one; this store only replaces that key's value. A write is an update (PUT) carrying the
 * resourceVersion that was read, so the API server refuses it (409) when anyone wrote in between (the reconciler
 * changing masterRole, another operator replica), and it is refused here already when the stored assignment is not
 * the one the decision was made on.
 */
public final class ConfigMapRoleStore implements RoleStore {

    private final KubernetesClient client;
    private final Names names;

    public ConfigMapRoleStore(KubernetesClient client, Names names) {
        this.client = client;
        this.names = names;
    }

    @Override
    public Optional<RoleAssignment> load(FailoverGroup group) throws IOException {
        ConfigMap map = get(group);
        return map == null ? Optional.empty() : Optional.of(RoleConfigMaps.read(map));
    }

    @Override
    public void save(FailoverGroup group, RoleAssignment expected, RoleAssignment next) throws IOException {
        ConfigMap map = get(group);
        String name = names.brokerRoleConfigMap(group.index());
        if (map == null) {
            throw new IOException("ConfigMap " + name + " does not exist");
        }
        RoleAssignment stored = RoleConfigMaps.read(map);
        if (!stored.equals(expected)) {
            throw new IOException("ConfigMap " + name + " changed meanwhile: it names " + stored.master() + " under epoch "
                    + stored.epoch() + ", the decision was made on " + expected.master() + " under epoch "
                    + expected.epoch());
        }
        client.configMaps().inNamespace(names.namespace()).resource(RoleConfigMaps.withAssignment(map, next)).update();
    }

    private ConfigMap get(FailoverGroup group) {
        return client.configMaps().inNamespace(names.namespace()).withName(names.brokerRoleConfigMap(group.index()))
                .get();
    }
}
