package io.cometmq.operator.user;

import io.cometmq.operator.crd.BrokerUser;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Several BrokerUsers of one cluster naming the same username would overwrite each other's password and ACL, and
 * deleting one would delete the user under the other. The oldest one (creation time, then name) that is not being
 * deleted manages the user; the others report {@code UsernameTaken} and leave the brokers alone. Pure.
 */
final class UsernameClaims {
    private static final Comparator<BrokerUser> AGE = Comparator
            .comparing((BrokerUser u) -> u.getMetadata().getCreationTimestamp() == null ? ""
                    : u.getMetadata().getCreationTimestamp())
            .thenComparing(u -> u.getMetadata().getName());

    private UsernameClaims() {
    }

    /** Index key: the same username on the same cluster. */
    static String key(BrokerUser user) {
        return user.getMetadata().getNamespace() + "/" + (user.getSpec() == null ? null : user.getSpec().getClusterRef())
                + "/" + (user.getSpec() == null ? null : user.getSpec().getUsername());
    }

    /** The BrokerUser managing the username among {@code claimants} (all with the same key), if any is live. */
    static Optional<BrokerUser> owner(List<BrokerUser> claimants) {
        return claimants.stream().filter(u -> u.getMetadata().getDeletionTimestamp() == null).min(AGE);
    }

    static boolean same(BrokerUser a, BrokerUser b) {
        return a.getMetadata().getName().equals(b.getMetadata().getName())
                && a.getMetadata().getNamespace().equals(b.getMetadata().getNamespace());
    }
}
