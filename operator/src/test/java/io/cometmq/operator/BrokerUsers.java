package io.cometmq.operator;

import io.cometmq.operator.crd.AclEntrySpec;
import io.cometmq.operator.crd.BrokerUser;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.List;

/** Test fixtures: BrokerUsers in the test namespace. */
public final class BrokerUsers {
    private BrokerUsers() {}

    public static BrokerUser of(String name, String cluster, String username, AclEntrySpec... acl) {
        BrokerUser user = new BrokerUser();
        user.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(BrokerClusters.NAMESPACE).build());
        user.getSpec().setClusterRef(cluster);
        user.getSpec().setUsername(username);
        user.getSpec().setAcl(new ArrayList<>(List.of(acl)));
        return user;
    }

    public static AclEntrySpec allow(String resource, AclEntrySpec.Action... actions) {
        return new AclEntrySpec(resource, List.of(actions), new ArrayList<>(), AclEntrySpec.Decision.Allow);
    }
}
