package io.cometmq.protocol.config;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The operator's decision of who is master of one broker group, as rendered into the file named by the broker key
 * {@code roleFile} (a ConfigMap volume in Kubernetes): the master member (pod name), the controller epoch of that
 * decision (grows by one with every failover or switchover) and the role a master takes. The operator renders it,
 * the broker parses it at start-up; both use this class, so the format has one definition.
 *
 * <pre>
 * master=dev-broker-0-slave-0
 * epoch=3
 * masterRole=SYNC_MASTER
 * </pre>
 */
public record RoleAssignment(String master, int epoch, String masterRole) {

    private static final List<String> MASTER_ROLES = List.of("ASYNC_MASTER", "SYNC_MASTER");
    private static final Set<String> KEYS = Set.of("master", "epoch", "masterRole");

    public RoleAssignment {
        if (master == null || master.isBlank()) {
            throw new ConfigException("role file: key 'master' must name the master member, was empty");
        }
        if (epoch < 1) {
            throw new ConfigException("role file: key 'epoch' must be 1 or more, was " + epoch);
        }
        if (!MASTER_ROLES.contains(masterRole)) {
            throw new ConfigException("role file: key 'masterRole' must be one of " + MASTER_ROLES + ", was '"
                    + masterRole + "'");
        }
    }

    /** Whether {@code member} is the master this assignment names. */
    public boolean isMaster(String member) {
        return master.equals(member);
    }

    /** A new decision: {@code newMaster} under the next epoch. */
    public RoleAssignment handOver(String newMaster) {
        return new RoleAssignment(newMaster, epoch + 1, masterRole);
    }

    public String render() {
        return "# Rendered by cometmq-operator: who is master of this broker group. Do not edit.\n"
                + "master=" + master + "\nepoch=" + epoch + "\nmasterRole=" + masterRole + "\n";
    }

    /** Parses {@link #render()}'s format; a {@link ConfigException} names the bad or missing key. */
    public static RoleAssignment parse(String text) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("role file: not a properties file: " + e.getMessage());
        }
        Set<String> unknown = new TreeSet<>(properties.stringPropertyNames());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            throw new ConfigException("role file: unknown keys " + unknown + " (known: master, epoch, masterRole)");
        }
        String epoch = required(properties, "epoch");
        int parsed;
        try {
            parsed = Integer.parseInt(epoch);
        } catch (NumberFormatException e) {
            throw new ConfigException("role file: key 'epoch' must be a whole number, was '" + epoch + "'");
        }
        return new RoleAssignment(required(properties, "master"), parsed, required(properties, "masterRole"));
    }

    private static String required(Properties properties, String key) {
        String value = properties.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new ConfigException("role file: key '" + key + "' is missing");
        }
        return value.trim();
    }
}
