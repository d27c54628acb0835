package io.cometmq.operator.model;

import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.SysctlSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The privileged init container that writes node sysctls before a broker starts.
 *
 * <p>{@code vm.*} sysctls are node-wide, so each one is written only when /proc/sys holds a different
 * value: a second broker on the same node changes nothing and logs "already". The script needs only a
 * POSIX shell and cat, which the broker image has, so no extra image is pulled. Names and values are
 * checked by the CRD's CEL rule and again here, because they end up in a shell script.
 */
public final class SysctlInitContainer {
    public static final String NAME = "sysctl";
    public static final Map<String, String> DEFAULTS = Map.of(
            "vm.overcommit_memory", "1",
            "vm.max_map_count", "655360",
            "vm.swappiness", "10");

    static final Pattern KEY = Pattern.compile("^(vm|fs|net|kernel)\\.[a-z0-9_.]+$");
    static final Pattern VALUE = Pattern.compile("^[0-9]+( [0-9]+)*$");

    private SysctlInitContainer() {}

    /** Defaults overlaid with the user's values, sorted by name. */
    public static Map<String, String> effectiveValues(SysctlSpec spec) {
        Map<String, String> values = new TreeMap<>(DEFAULTS);
        if (spec.getValues() != null) {
            values.putAll(spec.getValues());
        }
        return values;
    }

    /** A name or value the script must not contain, if any. */
    public static Optional<String> invalidEntry(SysctlSpec spec) {
        return effectiveValues(spec).entrySet().stream()
                .filter(e -> !KEY.matcher(e.getKey()).matches() || !VALUE.matcher(e.getValue()).matches())
                .map(e -> e.getKey() + "=" + e.getValue())
                .findFirst();
    }

    /** Empty when tuning is disabled. */
    public static Optional<Container> build(BrokerCluster cluster) {
        SysctlSpec spec = cluster.getSpec().getTuning().getSysctls();
        if (!spec.isEnabled()) {
            return Optional.empty();
        }
        Map<String, Quantity> resources = new LinkedHashMap<>();
        resources.put("cpu", new Quantity("50m"));
        resources.put("memory", new Quantity("32Mi"));
        return Optional.of(new ContainerBuilder()
                .withName(NAME)
                .withImage(cluster.getSpec().getImages().getBroker())
                .withImagePullPolicy(cluster.getSpec().getImages().getPullPolicy().name())
                .withCommand("sh", "-c", script(effectiveValues(spec)))
                .withTerminationMessagePolicy(Workloads.TERMINATION_MESSAGE_POLICY)
                .withNewSecurityContext()
                    .withPrivileged(true)
                    .withRunAsUser(0L)
                    .withRunAsNonRoot(false)
                .endSecurityContext()
                .withNewResources().withRequests(resources).withLimits(resources).endResources()
                .build());
    }

    static String script(Map<String, String> values) {
        StringBuilder script = new StringBuilder()
                .append("set -e\n")
                .append("set_if_different() {\n")
                // echo $(cat) folds tabs in multi-value sysctls into single spaces, matching our format
                .append("  current=$(echo $(cat \"$2\"))\n")
                .append("  if [ \"$current\" = \"$3\" ]; then echo \"$1 already $3\"; ")
                .append("else echo \"$1: $current -> $3\"; echo \"$3\" > \"$2\"; fi\n")
                .append("}\n");
        values.forEach((key, value) -> {
            if (!KEY.matcher(key).matches() || !VALUE.matcher(value).matches()) {
                throw new IllegalArgumentException("refusing sysctl " + key + "=" + value);
            }
            script.append("set_if_different ").append(key).append(" /proc/sys/").append(key.replace('.', '/'))
                    .append(" '").append(value).append("'\n");
        });
        return script.toString();
    }
}
