package io.cometmq.operator.reconcile;

import io.cometmq.operator.model.BrokerRole;
import io.cometmq.operator.model.Labels;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The cluster's StatefulSets as they are, sorted into the NameServer set and broker groups by label. */
public record ObservedState(StatefulSet nameServer, SortedMap<Integer, GroupSets> groups) {

    /** The two StatefulSets of one group; either may be missing. */
    public record GroupSets(StatefulSet master, StatefulSet slave) {
        public GroupSets with(BrokerRole role, StatefulSet set) {
            return role == BrokerRole.MASTER ? new GroupSets(set, slave) : new GroupSets(master, set);
        }

        public StatefulSet get(BrokerRole role) {
            return role == BrokerRole.MASTER ? master : slave;
        }

        public List<StatefulSet> present() {
            return Stream.of(master, slave).filter(Objects::nonNull).toList();
        }
    }

    public static ObservedState from(Collection<StatefulSet> sets) {
        StatefulSet nameServer = null;
        SortedMap<Integer, GroupSets> groups = new TreeMap<>();
        for (StatefulSet set : sets) {
            Map<String, String> labels = set.getMetadata().getLabels();
            if (labels == null) {
                continue;
            }
            if (Labels.NAMESERVER.equals(labels.get(Labels.COMPONENT))) {
                nameServer = set;
            } else if (Labels.BROKER.equals(labels.get(Labels.COMPONENT)) && labels.containsKey(Labels.GROUP)) {
                int group = Integer.parseInt(labels.get(Labels.GROUP));
                BrokerRole role = BrokerRole.MASTER.suffix().equals(labels.get(Labels.ROLE)) ? BrokerRole.MASTER : BrokerRole.SLAVE;
                groups.put(group, groups.getOrDefault(group, new GroupSets(null, null)).with(role, set));
            }
        }
        return new ObservedState(nameServer, groups);
    }

    public List<StatefulSet> brokerSets() {
        return groups.values().stream().flatMap(g -> g.present().stream()).toList();
    }
}
