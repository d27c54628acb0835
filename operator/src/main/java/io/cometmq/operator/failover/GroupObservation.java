package io.cometmq.operator.failover;

import java.util.List;
import java.util.Optional;

/** One round's view of a group: every member the spec expects, and the NameServers' master slot. */
public record GroupObservation(List<MemberObservation> members, RegistrationView registration) {

    public GroupObservation {
        members = List.copyOf(members);
    }

    public Optional<MemberObservation> member(String name) {
        return members.stream().filter(m -> m.member().equals(name)).findFirst();
    }
}
