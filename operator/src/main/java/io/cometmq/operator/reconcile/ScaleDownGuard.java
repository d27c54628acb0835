package io.cometmq.operator.reconcile;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides what happens to groups that exist but are no longer in spec.broker.groups: a group that was
 * drained to zero backlog may go; any other is kept, untouched, and the scale-down is refused. Removing a
 * group with messages in it would lose them.
 */
public final class ScaleDownGuard {
    private ScaleDownGuard() {}

    public record Plan(Set<Integer> remove, Set<Integer> refuse) {
        public boolean refused() { return !refuse.isEmpty(); }
    }

    public static Plan plan(int specGroups, Collection<Integer> existingGroups, Map<Integer, DrainProgress> drains) {
        Set<Integer> remove = new TreeSet<>();
        Set<Integer> refuse = new TreeSet<>();
        for (int group : existingGroups) {
            if (group < specGroups) {
                continue;
            }
            DrainProgress drain = drains.get(group);
            if (drain != null && drain.drained()) {
                remove.add(group);
            } else {
                refuse.add(group);
            }
        }
        return new Plan(remove, refuse);
    }
}
