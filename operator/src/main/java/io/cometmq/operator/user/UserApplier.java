package io.cometmq.operator.user;

import io.cometmq.protocol.auth.AclInfo;
import io.cometmq.operator.remoting.ClusterAccess;
import io.cometmq.protocol.auth.UserInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Brings one master in line with a BrokerUser, reading before writing so that an applied user costs two reads:
 * the user first (an ACL needs its subject to exist), then its ACL as {@link AclPlan} says. Removal goes the other way:
 * ACL, then user.
 */
final class UserApplier {
    private final UserAdmin admin;

    UserApplier(UserAdmin admin) {
        this.admin = admin;
    }

    /** @return what was changed (for the log), empty when the broker already matched */
    List<String> apply(String broker, ClusterAccess access, DesiredUser user, AclInfo acl) throws UserAdminException {
        List<String> changes = new ArrayList<>();
        Optional<UserInfo> existing = admin.getUser(broker, access, user.username());
        if (existing.isEmpty()) {
            admin.createUser(broker, access, user.toUserInfo());
            changes.add("user created");
        } else if (!user.matches(existing.get())) {
            admin.updateUser(broker, access, user.toUserInfo());
            changes.add("user updated");
        }
        AclPlan plan = AclPlan.of(acl, admin.getAcl(broker, access, user.subject()));
        if (plan.write() != null) {
            if (plan.create()) {
                admin.createAcl(broker, access, plan.write());
            } else {
                admin.updateAcl(broker, access, plan.write());
            }
            changes.add("ACL entries written");
        }
        for (String resource : plan.deleteResources()) {
            admin.deleteAcl(broker, access, user.subject(), resource);
            changes.add("ACL entry " + resource + " deleted");
        }
        if (plan.deleteAll()) {
            admin.deleteAcl(broker, access, user.subject(), null);
            changes.add("ACL deleted");
        }
        return changes;
    }

    /** Deletes the user's ACL and then the user; nothing to do when the broker does not know the user. */
    void remove(String broker, ClusterAccess access, String username) throws UserAdminException {
        if (admin.getUser(broker, access, username).isEmpty()) {
            return;
        }
        String subject = "User:" + username;
        if (admin.getAcl(broker, access, subject).isPresent()) {
            admin.deleteAcl(broker, access, subject, null);
        }
        admin.deleteUser(broker, access, username);
    }
}
