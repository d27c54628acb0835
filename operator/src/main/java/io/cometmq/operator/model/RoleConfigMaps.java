package io.cometmq.operator.model;

import io.cometmq.protocol.config.ConfigException;
import io.cometmq.protocol.config.RoleAssignment;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the role ConfigMap {@code <c>-broker-<g>-role} (key {@value ConfigRenderer#ROLE_KEY}, the format of
 * {@link RoleAssignment}): the durable record of who is master of a group. The reconciler creates it once
 * ({@link BrokerGroupModel#roleConfigMap}); after that only the failover controller changes master and epoch.
 */
public final class RoleConfigMaps {
    private RoleConfigMaps() {}

    /** The assignment it holds; a ConfigException names the ConfigMap and what is wrong. */
    public static RoleAssignment read(ConfigMap configMap) {
        String name = configMap.getMetadata().getName();
        String text = configMap.getData() == null ? null : configMap.getData().get(ConfigRenderer.ROLE_KEY);
        if (text == null) {
            throw new ConfigException("ConfigMap " + name + " has no key " + ConfigRenderer.ROLE_KEY);
        }
        try {
            return RoleAssignment.parse(text);
        } catch (ConfigException e) {
            throw new ConfigException("ConfigMap " + name + ", key " + ConfigRenderer.ROLE_KEY + ": " + e.getMessage());
        }
    }

    /** A copy of {@code live} holding {@code assignment}, with its metadata (owner, labels, resourceVersion) kept. */
    public static ConfigMap withAssignment(ConfigMap live, RoleAssignment assignment) {
        ConfigMap copy = new ConfigMapBuilder(live).build();
        Map<String, String> data = new LinkedHashMap<>(live.getData() == null ? Map.of() : live.getData());
        data.put(ConfigRenderer.ROLE_KEY, assignment.render());
        copy.setData(data);
        return copy;
    }
}
