package io.cometmq.operator.probe;

import io.cometmq.operator.failover.FailoverGroup;
import io.cometmq.operator.failover.GroupObservation;
import io.cometmq.operator.failover.MemberObservation;
import io.cometmq.operator.failover.MemberObserver;
import io.cometmq.operator.failover.RegistrationView;
import io.cometmq.operator.failover.RuntimeInfoReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A {@link MemberObserver} over what one probe already gathered for the whole cluster: pod readiness, the runtime
 * info of every broker that answered, and the master slots of every NameServer that answered. Building it asks
 * nothing; {@link #observe} only picks a group's share.
 *
 * @param podReady     Ready condition of each broker pod, by name (absent: no such pod, so not ready)
 * @param runtime      runtime info of each broker pod that answered, by name
 * @param masterSlots  per NameServer that answered: brokerName → address registered as brokerId 0
 */
public record ProbeMemberObserver(Map<String, Boolean> podReady, Map<String, Map<String, String>> runtime,
        List<Map<String, String>> masterSlots) implements MemberObserver {

    public ProbeMemberObserver {
        podReady = Map.copyOf(podReady);
        runtime = Map.copyOf(runtime);
        masterSlots = List.copyOf(masterSlots);
    }

    @Override
    public GroupObservation observe(FailoverGroup group) {
        List<MemberObservation> members = new ArrayList<>();
        for (FailoverGroup.Member member : group.members()) {
            boolean ready = podReady.getOrDefault(member.name(), false);
            Map<String, String> info = runtime.get(member.name());
            members.add(info == null ? MemberObservation.notAnswering(member.name(), member.address(), ready)
                    : RuntimeInfoReader.read(member.name(), member.address(), ready, info));
        }
        Set<String> masters = new TreeSet<>();
        for (Map<String, String> slots : masterSlots) {
            String address = slots.get(group.brokerName());
            if (address != null) {
                masters.add(address);
            }
        }
        return new GroupObservation(members, new RegistrationView(masterSlots.size(), masters));
    }
}
